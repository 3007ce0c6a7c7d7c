package dev.sandbox.gateway;

import dev.sandbox.crd.PortRange;
import dev.sandbox.db.ProcessEnvironment;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which node ports a sandbox may ask for: those of the administrator's range ({@code SANDBOX_PORT_RANGE}, default
 * 30000-32767; it must be the operators' range too) that are not reserved for the platform
 * ({@code SANDBOX_RESERVED_PORTS}, plus the gateway's own port and the node agents' ports, added at run time).
 */
public record PortPolicy(PortRange range, Set<Integer> reserved) {
    /** The platform's ports and common node services. */
    public static final String DEFAULT_RESERVED = "22,53,80,443,2375,2376,2379,2380,5432,6443,7070,8080,9090,10250";

    public PortPolicy {
        reserved = Set.copyOf(reserved);
    }

    public static PortPolicy defaults() {
        return new PortPolicy(PortRange.DEFAULT, parsePorts(DEFAULT_RESERVED, "SANDBOX_RESERVED_PORTS"));
    }

    /** Reads {@code SANDBOX_PORT_RANGE} and {@code SANDBOX_RESERVED_PORTS}; a malformed value names its variable. */
    public static PortPolicy fromEnvironment(Map<String, String> env) {
        ProcessEnvironment settings = new ProcessEnvironment(env);
        return new PortPolicy(
                settings.parsed("SANDBOX_PORT_RANGE", PortRange::parse, PortRange.DEFAULT),
                parsePorts(settings.text("SANDBOX_RESERVED_PORTS", DEFAULT_RESERVED), "SANDBOX_RESERVED_PORTS"));
    }

    /** A copy handing out {@code newRange}. */
    public PortPolicy withRange(PortRange newRange) {
        return new PortPolicy(newRange, reserved);
    }

    private static Set<Integer> parsePorts(String text, String variable) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException(variable + ": '" + p + "' is not a port number");
            }
            ports.add(Integer.parseInt(p));
        }
        return ports;
    }
}
