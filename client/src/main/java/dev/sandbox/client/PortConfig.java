package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A port inside the sandbox to publish on its node. Ranges are checked when a {@link CreateSandboxRequest} is built.
 *
 * @param internal port the process listens on inside the sandbox, 1 to 65535
 * @param external port on the node, 1 to 65535, or {@code null} to let the node pick a free one
 * @param protocol {@code http} (the default), {@code https}, {@code tcp} or {@code udp}
 * @param subdomain stable DNS label for this port's preview URL, or {@code null} for a generated one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortConfig(int internal, Integer external, String protocol, String subdomain) {

    /** Protocol used when none is given. */
    public static final String DEFAULT_PROTOCOL = "http";

    /**
     * Creates a port; a {@code null} protocol takes the default {@value #DEFAULT_PROTOCOL}.
     *
     * @param internal port inside the sandbox
     * @param external port on the node, or {@code null}
     * @param protocol protocol, or {@code null} for {@value #DEFAULT_PROTOCOL}
     * @param subdomain preview subdomain, or {@code null}
     */
    public PortConfig {
        protocol = protocol == null ? DEFAULT_PROTOCOL : protocol;
    }

    /**
     * An HTTP port published on a port the node picks.
     *
     * @param internal port the process listens on inside the sandbox, 1 to 65535
     * @return the port
     */
    public static PortConfig of(int internal) {
        return new PortConfig(internal, null, null, null);
    }

    /**
     * A copy published on a fixed node port.
     *
     * @param external port on the node, 1 to 65535, or {@code null} to let the node pick
     * @return the changed copy
     */
    public PortConfig withExternal(Integer external) {
        return new PortConfig(internal, external, protocol, subdomain);
    }

    /**
     * A copy with another protocol.
     *
     * @param protocol {@code http}, {@code https}, {@code tcp} or {@code udp}
     * @return the changed copy
     */
    public PortConfig withProtocol(String protocol) {
        return new PortConfig(internal, external, protocol, subdomain);
    }

    /**
     * A copy with a stable preview subdomain.
     *
     * @param subdomain DNS label such as {@code my-app}
     * @return the changed copy
     */
    public PortConfig withSubdomain(String subdomain) {
        return new PortConfig(internal, external, protocol, subdomain);
    }
}
