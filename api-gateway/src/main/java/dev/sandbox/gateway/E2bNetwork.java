package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * E2B's network settings in this platform's terms. E2B sandboxes reach the internet unless
 * {@code allow_internet_access} is false (which E2B defines as denying {@code 0.0.0.0/0}); {@code network.denyOut}
 * lists ranges to refuse and {@code network.allowOut} ranges that stay reachable whatever is denied. Here every E2B
 * sandbox gets a private network in mode egress with the equivalent lists, so that the rules can be changed later
 * (E2B's {@code PUT /sandboxes/{id}/network}) without restarting the sandbox: an allowed entry is added next to
 * {@code 0.0.0.0/0} when the rest of the internet stays open, and the longest matching entry decides, as E2B's
 * "allowed entries take precedence" asks. The node's own blocked ranges apply before any of this.
 */
final class E2bNetwork {
    static final String EVERYTHING = "0.0.0.0/0";
    private static final Set<String> KNOWN = Set.of("allowOut", "denyOut", "allowPublicTraffic");

    private E2bNetwork() {}

    /** The network of a create request ({@code allow_internet_access} and {@code network} of its body). */
    static CreateSandboxRequest.Network ofCreate(JsonNode body) {
        return of(E2bRequests.bool(body, "allow_internet_access", true), body.get("network"), "network.");
    }

    /** The network of an update ({@code PUT /sandboxes/{id}/network}): the body is the network itself. */
    static CreateSandboxRequest.Network ofUpdate(JsonNode body) {
        return of(E2bRequests.bool(body, "allow_internet_access", true), body, "");
    }

    private static CreateSandboxRequest.Network of(boolean internet, JsonNode network, String prefix) {
        List<String> allowOut = List.of();
        List<String> denyOut = List.of();
        if (network != null && !network.isNull()) {
            if (!network.isObject()) {
                throw E2bRequests.invalid(
                        "'" + (prefix.isEmpty() ? "network" : prefix.substring(0, prefix.length() - 1))
                                + "' must be an object");
            }
            network.fieldNames().forEachRemaining(field -> {
                JsonNode value = network.get(field);
                boolean empty = value == null || value.isNull() || (value.isContainerNode() && value.isEmpty());
                if (!KNOWN.contains(field) && !"allow_internet_access".equals(field) && !empty) {
                    throw E2bRequests.invalid(
                            "'" + prefix + field + "' is not supported by this server; sandboxes take allowOut and"
                                    + " denyOut lists of IPv4 addresses and CIDRs");
                }
            });
            allowOut = list(network, "allowOut", prefix);
            denyOut = list(network, "denyOut", prefix);
        }
        boolean open = internet && !denyOut.contains(EVERYTHING);
        List<String> deny = new ArrayList<>(denyOut);
        deny.remove(EVERYTHING);
        List<String> allow = new ArrayList<>(allowOut);
        if (open) {
            if (!allow.isEmpty()) {
                allow.add(EVERYTHING);
            }
        } else if (allow.isEmpty()) {
            // Nothing out; still a network of its own, so that a later update can open it.
            deny = new ArrayList<>(List.of(EVERYTHING));
        }
        return new CreateSandboxRequest.Network("egress", allow, deny);
    }

    private static List<String> list(JsonNode network, String field, String prefix) {
        JsonNode value = network.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > 64) {
            throw E2bRequests.invalid("'" + prefix + field + "' must be a list of at most 64 IPv4 addresses or CIDRs");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode entry : value) {
            if (!entry.isTextual()) {
                throw E2bRequests.invalid("'" + prefix + field + "' must hold IPv4 addresses or CIDRs as strings");
            }
            String text = entry.asText().trim();
            // E2B takes bare addresses; so does this platform (they mean /32).
            result.add(text);
        }
        return result;
    }
}
