package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many pooled sandboxes exist and how many are ready to be claimed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxWarmPoolStatus extends Observation {

    @JsonPropertyDescription("Pooled sandboxes asked for (`spec.replicas`).")
    private Integer replicas;

    @JsonPropertyDescription("Pooled sandboxes that exist and are being started or are Running.")
    private Integer currentReplicas;

    @JsonPropertyDescription(
            "Pooled sandboxes that are Running with the template's current spec: what claims can take now.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Hash of the template spec the pool's sandboxes are made from.")
    private String templateHash;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getCurrentReplicas() {
        return currentReplicas;
    }

    public void setCurrentReplicas(Integer currentReplicas) {
        this.currentReplicas = currentReplicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getTemplateHash() {
        return templateHash;
    }

    public void setTemplateHash(String templateHash) {
        this.templateHash = templateHash;
    }

    @Override
    @JsonPropertyDescription("Human-readable state, e.g. a missing template.")
    public String getMessage() {
        return super.getMessage();
    }
}
