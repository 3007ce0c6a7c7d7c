package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator observed about a template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxTemplateStatus {

    @JsonPropertyDescription("Sandboxes (claimed or pooled) made from this template that still exist.")
    private Integer inUse;

    @JsonPropertyDescription("Hash of the current spec; pooled sandboxes with another hash are replaced.")
    private String hash;

    @JsonPropertyDescription("Generation of the spec that this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Human-readable state, e.g. why a deletion is held.")
    private String message;

    public Integer getInUse() {
        return inUse;
    }

    public void setInUse(Integer inUse) {
        this.inUse = inUse;
    }

    public String getHash() {
        return hash;
    }

    public void setHash(String hash) {
        this.hash = hash;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
