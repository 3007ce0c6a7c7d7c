package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A sandbox port as actually published on its node. The operator reports the list whole on each look, so a record:
 * nothing changes one in place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolvedPort(
        @JsonPropertyDescription("Port inside the sandbox.") Integer internal,

        @JsonPropertyDescription("Port on the node's host address.")
        Integer external,

        @JsonPropertyDescription("Host address the port is bound to.")
        String hostIp,

        @JsonPropertyDescription("http, https, tcp or udp.") String protocol) {}
