package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** How full the sandbox's workspace file system is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxDisk {

    @JsonPropertyDescription(
            "Bytes in use in the workspace file system (including what the file system keeps for itself).")
    private Long usedBytes;

    @JsonPropertyDescription("Size of the workspace file system in bytes (`spec.resources.disk`).")
    private Long limitBytes;

    @JsonPropertyDescription(
            "Whether the limit is enforced by a file system of that size; false on nodes that cannot make one (see the operator's log).")
    private Boolean enforced;

    public SandboxDisk() {}

    public SandboxDisk(Long usedBytes, Long limitBytes, Boolean enforced) {
        this.usedBytes = usedBytes;
        this.limitBytes = limitBytes;
        this.enforced = enforced;
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

    public Boolean getEnforced() {
        return enforced;
    }

    public void setEnforced(Boolean enforced) {
        this.enforced = enforced;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxDisk d
                && Objects.equals(usedBytes, d.usedBytes)
                && Objects.equals(limitBytes, d.limitBytes)
                && Objects.equals(enforced, d.enforced);
    }

    @Override
    public int hashCode() {
        return Objects.hash(usedBytes, limitBytes, enforced);
    }
}
