package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The network of a sandbox as its node applies it. The operator reports it whole on each look, so a record: nothing
 * changes it in place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxNetworkStatus(
        @JsonPropertyDescription("`None` or `Egress`: the mode in force (the default resolved).")
        NetworkMode mode,

        @JsonPropertyDescription("Name of the sandbox's bridge interface on the node; absent when it has no network.")
        String bridge,

        @JsonPropertyDescription("Whether the node's firewall rules for this sandbox are in place.")
        Boolean enforced) {}
