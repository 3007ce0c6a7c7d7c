package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which template to keep warm and how many sandboxes of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxWarmPoolSpec {
    /** Most sandboxes one pool may ask for. */
    public static final int MAX_REPLICAS = 1000;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription("Name of the SandboxTemplate in the pool's namespace whose sandboxes are kept ready.")
    private String templateRef;

    @Min(0)
    @Max(MAX_REPLICAS)
    @JsonPropertyDescription(
            "How many unclaimed sandboxes to keep Running (0 to 1000). Each claim is followed by a refill.")
    private Integer replicas = 1;

    public String getTemplateRef() {
        return templateRef;
    }

    public void setTemplateRef(String templateRef) {
        this.templateRef = templateRef;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }
}
