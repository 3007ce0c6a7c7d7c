package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The network of a sandbox as its node applies it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxNetworkStatus {

    @JsonPropertyDescription("`None` or `Egress`: the mode in force (the default resolved).")
    private NetworkMode mode;

    @JsonPropertyDescription("Name of the sandbox's bridge interface on the node; absent when it has no network.")
    private String bridge;

    @JsonPropertyDescription("Whether the node's firewall rules for this sandbox are in place.")
    private Boolean enforced;

    public SandboxNetworkStatus() {}

    public SandboxNetworkStatus(NetworkMode mode, String bridge, Boolean enforced) {
        this.mode = mode;
        this.bridge = bridge;
        this.enforced = enforced;
    }

    public NetworkMode getMode() {
        return mode;
    }

    public void setMode(NetworkMode mode) {
        this.mode = mode;
    }

    public String getBridge() {
        return bridge;
    }

    public void setBridge(String bridge) {
        this.bridge = bridge;
    }

    public Boolean getEnforced() {
        return enforced;
    }

    public void setEnforced(Boolean enforced) {
        this.enforced = enforced;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxNetworkStatus s
                && mode == s.mode
                && Objects.equals(bridge, s.bridge)
                && Objects.equals(enforced, s.enforced);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, bridge, enforced);
    }
}
