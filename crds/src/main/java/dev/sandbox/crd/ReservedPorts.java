package dev.sandbox.crd;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The node ports never handed to a sandbox even inside the {@link PortRange} ({@code SANDBOX_RESERVED_PORTS}): the
 * platform's own and those of common node services. Operators, which publish the ports, and gateways, which check the
 * ports a caller asks for, read the list the same way.
 */
public final class ReservedPorts {
    /** The default list: SSH, DNS, HTTP(S), Docker, etcd, PostgreSQL, the Kubernetes API and the platform's ports. */
    public static final String DEFAULT = "22,53,80,443,2375,2376,2379,2380,5432,6443,7070,8080,9090,10250";

    private ReservedPorts() {}

    /** The {@link #DEFAULT} list, parsed. */
    public static Set<Integer> defaults() {
        return parse(DEFAULT);
    }

    /**
     * Reads a comma-separated list such as {@code 22,80,443}, in its order; blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is not a port number from 0 to 65535
     */
    public static Set<Integer> parse(String text) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("'" + p + "' is not a port number");
            }
            ports.add(Integer.parseInt(p));
        }
        return ports;
    }
}
