package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Outbound network access of a sandbox. The node, its network's gateway, other sandboxes, the cluster's own ranges and
 * link-local (metadata) addresses are never reachable, whatever the lists say.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxNetwork {
    /** Most entries each of {@code allow} and {@code deny} may have. */
    public static final int MAX_ENTRIES = 64;

    @JsonPropertyDescription(
            "`None`: the sandbox opens no connections (with ports it still serves them); `Egress`: it reaches the outside world. Default: `Egress` with ports or allow/deny entries, `None` otherwise.")
    private NetworkMode mode;

    @Size(max = MAX_ENTRIES)
    @JsonPropertyDescription(
            "IPv4 addresses or CIDRs the sandbox may reach; when given, everything else is refused. The most specific entry of `allow` and `deny` decides.")
    private List<String> allow = new ArrayList<>();

    @Size(max = MAX_ENTRIES)
    @JsonPropertyDescription(
            "IPv4 addresses or CIDRs the sandbox may not reach. The most specific entry of `allow` and `deny` decides; on a tie `deny` wins.")
    private List<String> deny = new ArrayList<>();

    public SandboxNetwork() {}

    public SandboxNetwork(NetworkMode mode, List<String> allow, List<String> deny) {
        this.mode = mode;
        setAllow(allow);
        setDeny(deny);
    }

    public NetworkMode getMode() {
        return mode;
    }

    public void setMode(NetworkMode mode) {
        this.mode = mode;
    }

    public List<String> getAllow() {
        return allow;
    }

    public void setAllow(List<String> allow) {
        this.allow = allow == null ? new ArrayList<>() : new ArrayList<>(allow);
    }

    public List<String> getDeny() {
        return deny;
    }

    public void setDeny(List<String> deny) {
        this.deny = deny == null ? new ArrayList<>() : new ArrayList<>(deny);
    }

    /**
     * The mode that applies to a sandbox: the one asked for; else {@code Egress} when it has allow or deny entries (they
     * mean egress) or ports, and {@code None} otherwise.
     */
    public static NetworkMode effectiveMode(SandboxSpec spec) {
        SandboxNetwork network = spec.getNetwork();
        if (network != null && network.getMode() != null) {
            return network.getMode();
        }
        if (network != null
                && (!network.getAllow().isEmpty() || !network.getDeny().isEmpty())) {
            return NetworkMode.Egress;
        }
        return spec.getPorts().isEmpty() ? NetworkMode.None : NetworkMode.Egress;
    }

    /** Whether the sandbox gets a network interface at all: it reaches out, or it serves published ports. */
    public static boolean needsBridge(SandboxSpec spec) {
        return !spec.getPorts().isEmpty() || effectiveMode(spec) == NetworkMode.Egress;
    }
}
