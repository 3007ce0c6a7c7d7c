package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What every status and every condition reports besides its own facts: a message for people and the generation of
 * the spec it was computed from, so that a reader can tell a fresh observation from a stale one. The descriptions
 * here are those of a status; a kind whose words differ overrides the getter to describe the field in its CRD.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class Observation {

    @JsonPropertyDescription("Human-readable explanation of the current phase.")
    private String message;

    @JsonPropertyDescription("Generation of the spec that this status describes.")
    private Long observedGeneration;

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
