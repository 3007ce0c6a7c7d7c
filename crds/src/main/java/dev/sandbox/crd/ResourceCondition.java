package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One observed aspect of a resource, in the usual Kubernetes condition shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The usual order of a Kubernetes condition, although two of its fields are inherited.
@JsonPropertyOrder({"type", "status", "reason", "message", "lastTransitionTime", "observedGeneration"})
public class ResourceCondition extends Observation {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    @Required
    @JsonPropertyDescription("Condition type, e.g. Ready or Scheduled.")
    private String type;

    @Required
    @JsonPropertyDescription("True, False or Unknown.")
    private String status;

    @JsonPropertyDescription("CamelCase reason for the condition's last transition.")
    private String reason;

    @JsonPropertyDescription("When the status last changed (RFC 3339).")
    private String lastTransitionTime;

    public ResourceCondition() {}

    public ResourceCondition(
            String type,
            String status,
            String reason,
            String message,
            String lastTransitionTime,
            Long observedGeneration) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        setMessage(message);
        this.lastTransitionTime = lastTransitionTime;
        setObservedGeneration(observedGeneration);
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceCondition c
                && Objects.equals(type, c.type)
                && Objects.equals(status, c.status)
                && Objects.equals(reason, c.reason)
                && Objects.equals(getMessage(), c.getMessage())
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(getObservedGeneration(), c.getObservedGeneration());
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, getMessage(), lastTransitionTime, getObservedGeneration());
    }

    @Override
    @JsonPropertyDescription("Human-readable detail.")
    public String getMessage() {
        return super.getMessage();
    }

    @Override
    @JsonPropertyDescription("Generation of the spec this condition was computed from.")
    public Long getObservedGeneration() {
        return super.getObservedGeneration();
    }
}
