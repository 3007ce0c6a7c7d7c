package dev.sandbox.crd;

import java.util.List;

/** Checks {@code spec.network} and, against the node's range, the external ports of a spec. */
public final class NetworkSpecCheck {
    private NetworkSpecCheck() {}

    /**
     * Adds a problem of {@code network} (null is fine: the default applies) to {@code errors}, each naming its field the
     * way {@code names} says.
     */
    public static void check(SandboxNetwork network, FieldNames names, List<FieldError> errors) {
        if (network == null) {
            return;
        }
        if (network.getMode() == NetworkMode.None
                && (!network.getAllow().isEmpty() || !network.getDeny().isEmpty())) {
            errors.add(new FieldError(
                    names.same(network.getAllow().isEmpty() ? "network.deny" : "network.allow"),
                    "has no effect with mode none (the sandbox opens no connections); use mode egress"));
        }
        checkList(names.same("network.allow"), network.getAllow(), errors);
        checkList(names.same("network.deny"), network.getDeny(), errors);
    }

    private static void checkList(String field, List<String> entries, List<FieldError> errors) {
        if (entries.size() > SandboxNetwork.MAX_ENTRIES) {
            errors.add(new FieldError(
                    field,
                    "has " + entries.size() + " entries; at most " + SandboxNetwork.MAX_ENTRIES + " are allowed"));
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            try {
                Ipv4Cidr.parse(entries.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + "[" + i + "]", e.getMessage()));
            }
        }
    }

    /**
     * Problems of the explicitly asked external ports of {@code spec} against the administrator's range and the ports
     * reserved for the platform itself.
     */
    public static List<FieldError> checkExternalPorts(
            SandboxSpec spec, PortRange range, java.util.Set<Integer> reserved) {
        return checkExternalPorts(spec, range, reserved, FieldNames.REST);
    }

    /** As {@link #checkExternalPorts(SandboxSpec, PortRange, java.util.Set)}, naming fields the way {@code names} says. */
    public static List<FieldError> checkExternalPorts(
            SandboxSpec spec, PortRange range, java.util.Set<Integer> reserved, FieldNames names) {
        List<FieldError> errors = new java.util.ArrayList<>();
        List<SandboxPort> ports = spec.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            Integer external = ports.get(i) == null ? null : ports.get(i).getExternal();
            if (external == null) {
                continue;
            }
            if (!range.contains(external)) {
                errors.add(new FieldError(
                        names.same("ports[" + i + "].external"),
                        "must be within the node port range " + range + " (or omitted to get a free one), got "
                                + external));
            } else if (reserved.contains(external)) {
                errors.add(new FieldError(
                        names.same("ports[" + i + "].external"),
                        "port " + external + " is reserved for the platform itself; pick another or omit it"));
            }
        }
        return errors;
    }
}
