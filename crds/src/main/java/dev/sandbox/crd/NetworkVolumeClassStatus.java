package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator found about a volume class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkVolumeClassStatus {

    @JsonPropertyDescription(
            "Ready, Invalid (see message) or Terminating (deletion waits until no volume uses the class).")
    private String phase;

    @JsonPropertyDescription("Human-readable explanation of the phase.")
    private String message;

    @JsonPropertyDescription("NetworkVolumes of this class, as `namespace/name`.")
    private List<String> volumes = new ArrayList<>();

    @JsonPropertyDescription("Generation of the spec that this status describes.")
    private Long observedGeneration;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<String> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<String> volumes) {
        this.volumes = volumes == null ? new ArrayList<>() : volumes;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkVolumeClassStatus s
                && Objects.equals(phase, s.phase)
                && Objects.equals(message, s.message)
                && Objects.equals(volumes, s.volumes)
                && Objects.equals(observedGeneration, s.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, message, volumes, observedGeneration);
    }
}
