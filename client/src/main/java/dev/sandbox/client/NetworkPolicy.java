package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a sandbox may reach over the network (the {@code network} field of a sandbox). The node, its network's gateway,
 * other sandboxes, the cluster's own ranges and link-local (metadata) addresses are never reachable, whatever the
 * lists say.
 *
 * <pre>{@code
 * NetworkPolicy.egress()                                   // the outside world (the default with ports)
 * NetworkPolicy.none()                                     // no connections out (the default without ports)
 * NetworkPolicy.egress().allow("203.0.113.0/24")           // only that network
 * NetworkPolicy.egress().deny("198.51.100.0/24")           // everything but that network
 * }</pre>
 *
 * <p>Entries are IPv4 addresses or CIDRs; the most specific entry of {@code allow} and {@code deny} decides, and once
 * {@code allow} has an entry everything it does not cover is refused. Host names and IPv6 are refused by the gateway.
 *
 * @param mode {@code none} or {@code egress}
 * @param allow addresses or CIDRs the sandbox may reach
 * @param deny addresses or CIDRs it may not reach
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkPolicy(String mode, List<String> allow, List<String> deny) {

    /**
     * Checks the mode and entries.
     *
     * @param mode {@code none} or {@code egress}
     * @param allow addresses or CIDRs to allow, or {@code null}
     * @param deny addresses or CIDRs to deny, or {@code null}
     * @throws SandboxValidationException naming the field at fault
     */
    public NetworkPolicy {
        if (mode == null || !List.of("none", "egress").contains(mode.toLowerCase(Locale.ROOT))) {
            throw new SandboxValidationException("network mode must be none or egress", "network.mode");
        }
        mode = mode.toLowerCase(Locale.ROOT);
        allow = checked(allow, "network.allow");
        deny = checked(deny, "network.deny");
    }

    /**
     * No connections out: without ports no network at all; with ports only the published ports are served.
     *
     * @return the policy
     */
    public static NetworkPolicy none() {
        return new NetworkPolicy("none", List.of(), List.of());
    }

    /**
     * The outside world, nothing of the node or the cluster.
     *
     * @return the policy
     */
    public static NetworkPolicy egress() {
        return new NetworkPolicy("egress", List.of(), List.of());
    }

    /**
     * A copy that also allows these addresses or CIDRs (and, with that, refuses everything no allow entry covers).
     *
     * @param cidrs IPv4 addresses or CIDRs such as {@code 203.0.113.0/24}
     * @return the new policy
     */
    public NetworkPolicy allow(String... cidrs) {
        List<String> more = new ArrayList<>(allow);
        more.addAll(Arrays.asList(cidrs));
        return new NetworkPolicy(mode, more, deny);
    }

    /**
     * A copy that also denies these addresses or CIDRs.
     *
     * @param cidrs IPv4 addresses or CIDRs such as {@code 198.51.100.0/24}
     * @return the new policy
     */
    public NetworkPolicy deny(String... cidrs) {
        List<String> more = new ArrayList<>(deny);
        more.addAll(Arrays.asList(cidrs));
        return new NetworkPolicy(mode, allow, more);
    }

    private static List<String> checked(List<String> entries, String field) {
        if (entries == null) {
            return List.of();
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null || entries.get(i).isBlank()) {
                throw new SandboxValidationException("entries must be IPv4 addresses or CIDRs", field + "[" + i + "]");
            }
        }
        return List.copyOf(entries);
    }
}
