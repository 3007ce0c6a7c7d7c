package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A status that lists {@link ResourceCondition}s besides its phase (Sandbox, NetworkVolume). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ConditionedStatus extends Observation {

    @JsonPropertyDescription("Conditions with reasons and the generation they describe.")
    private List<ResourceCondition> conditions = new ArrayList<>();

    public List<ResourceCondition> getConditions() {
        return conditions;
    }

    /** Null is read as no conditions, so that callers may always add to the list. */
    public void setConditions(List<ResourceCondition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }
}
