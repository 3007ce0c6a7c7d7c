package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operators observed about a shared volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkVolumeStatus extends ConditionedStatus {

    @JsonPropertyDescription("Pending, Ready, Failed or Terminating.")
    private String phase;

    @JsonPropertyDescription("Nodes on which the Docker volume exists.")
    private List<String> nodes = new ArrayList<>();

    @JsonPropertyDescription("Sandboxes that mount this volume.")
    private List<String> mountedBy = new ArrayList<>();

    @JsonPropertyDescription("Bytes used, as last measured.")
    private Long usedBytes;

    @JsonPropertyDescription(
            "Size limit in bytes as enforced on the nodes (classes of type Disk and Tmpfs); absent when not enforced.")
    private Long limitBytes;

    @JsonPropertyDescription("Whether the size is enforced (true for classes of type Disk and Tmpfs).")
    private Boolean sizeEnforced;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public List<String> getNodes() {
        return nodes;
    }

    public void setNodes(List<String> nodes) {
        this.nodes = nodes == null ? new ArrayList<>() : nodes;
    }

    public List<String> getMountedBy() {
        return mountedBy;
    }

    public void setMountedBy(List<String> mountedBy) {
        this.mountedBy = mountedBy == null ? new ArrayList<>() : mountedBy;
    }

    public Long getUsedBytes() {
        return usedBytes;
    }

    public void setUsedBytes(Long usedBytes) {
        this.usedBytes = usedBytes;
    }

    public Long getLimitBytes() {
        return limitBytes;
    }

    public void setLimitBytes(Long limitBytes) {
        this.limitBytes = limitBytes;
    }

    public Boolean getSizeEnforced() {
        return sizeEnforced;
    }

    public void setSizeEnforced(Boolean sizeEnforced) {
        this.sizeEnforced = sizeEnforced;
    }
}
