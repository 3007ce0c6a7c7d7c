package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator found about a volume class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkVolumeClassStatus extends Observation {

    @JsonPropertyDescription(
            "Ready, Invalid (see message) or Terminating (deletion waits until no volume uses the class).")
    private String phase;

    @JsonPropertyDescription("NetworkVolumes of this class, as `namespace/name`.")
    private List<String> volumes = new ArrayList<>();

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public List<String> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<String> volumes) {
        this.volumes = volumes == null ? new ArrayList<>() : volumes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkVolumeClassStatus s
                && Objects.equals(phase, s.phase)
                && Objects.equals(getMessage(), s.getMessage())
                && Objects.equals(volumes, s.volumes)
                && Objects.equals(getObservedGeneration(), s.getObservedGeneration());
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, getMessage(), volumes, getObservedGeneration());
    }

    @Override
    @JsonPropertyDescription("Human-readable explanation of the phase.")
    public String getMessage() {
        return super.getMessage();
    }
}
