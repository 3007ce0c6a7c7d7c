package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator observed about a template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxTemplateStatus extends Observation {

    @JsonPropertyDescription("Sandboxes (claimed or pooled) made from this template that still exist.")
    private Integer inUse;

    @JsonPropertyDescription("Hash of the current spec; pooled sandboxes with another hash are replaced.")
    private String hash;

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

    @Override
    @JsonPropertyDescription("Human-readable state, e.g. why a deletion is held.")
    public String getMessage() {
        return super.getMessage();
    }
}
