package dev.sandbox.gateway;

import dev.sandbox.crd.PortRange;
import dev.sandbox.crd.ReservedPorts;
import dev.sandbox.db.ProcessEnvironment;
import java.util.Map;
import java.util.Set;

/**
 * Which node ports a sandbox may ask for: those of the administrator's range ({@code SANDBOX_PORT_RANGE}, default
 * 30000-32767; it must be the operators' range too) that are not reserved for the platform
 * ({@code SANDBOX_RESERVED_PORTS}, plus the gateway's own port and the node agents' ports, added at run time).
 */
public record PortPolicy(PortRange range, Set<Integer> reserved) {
    public PortPolicy {
        reserved = Set.copyOf(reserved);
    }

    public static PortPolicy defaults() {
        return new PortPolicy(PortRange.DEFAULT, ReservedPorts.defaults());
    }

    /** Reads {@code SANDBOX_PORT_RANGE} and {@code SANDBOX_RESERVED_PORTS}; a malformed value names its variable. */
    public static PortPolicy fromEnvironment(Map<String, String> env) {
        ProcessEnvironment settings = new ProcessEnvironment(env);
        return new PortPolicy(
                settings.parsed("SANDBOX_PORT_RANGE", PortRange::parse, PortRange.DEFAULT),
                settings.parsed("SANDBOX_RESERVED_PORTS", ReservedPorts::parse, ReservedPorts.defaults()));
    }

    /** A copy handing out {@code newRange}. */
    public PortPolicy withRange(PortRange newRange) {
        return new PortPolicy(newRange, reserved);
    }
}
