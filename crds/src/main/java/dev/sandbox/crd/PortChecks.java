package dev.sandbox.crd;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of a spec's published ports: numbers, protocols, subdomains, and nothing published twice. */
final class PortChecks {
    /** Published ports of one sandbox. */
    static final int MAX_PORTS = 32;

    private static final Set<String> PROTOCOLS = Set.of("http", "https", "tcp", "udp");
    /** A preview subdomain that looks like a {port}-{id} host label would never be reached by its name. */
    private static final Pattern PORT_HOST_LABEL = Pattern.compile("^[0-9]{1,5}-.*$");

    private PortChecks() {}

    static void check(List<SandboxPort> ports, FieldNames names, List<FieldError> errors) {
        if (ports == null) {
            return;
        }
        if (ports.size() > MAX_PORTS) {
            errors.add(new FieldError(names.same("ports"), "at most " + MAX_PORTS + " ports can be published"));
            return;
        }
        Set<String> seenInternal = new HashSet<>();
        Set<Integer> seenExternal = new HashSet<>();
        Set<String> seenSubdomains = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            SandboxPort p = ports.get(i);
            String at = names.same("ports[" + i + "]");
            if (p == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            if (p.getInternal() == null || p.getInternal() < 1 || p.getInternal() > 65535) {
                errors.add(new FieldError(at + ".internal", "must be between 1 and 65535, got " + p.getInternal()));
            }
            if (p.getExternal() != null && (p.getExternal() < 1 || p.getExternal() > 65535)) {
                errors.add(new FieldError(at + ".external", "must be between 1 and 65535, got " + p.getExternal()));
            } else if (p.getExternal() != null && !seenExternal.add(p.getExternal())) {
                errors.add(new FieldError(at + ".external", "port " + p.getExternal() + " is published twice"));
            }
            String protocol = p.getProtocol() == null ? "http" : p.getProtocol();
            if (!PROTOCOLS.contains(protocol)) {
                errors.add(new FieldError(at + ".protocol", "must be one of http, https, tcp, udp"));
            }
            if (p.getInternal() != null
                    && !seenInternal.add(p.getInternal() + "/" + ("udp".equals(protocol) ? "udp" : "tcp"))) {
                errors.add(new FieldError(at + ".internal", "port " + p.getInternal() + " is listed twice"));
            }
            if (p.getSubdomain() != null
                    && (!SpecValidator.SUBDOMAIN.matcher(p.getSubdomain()).matches()
                            || PORT_HOST_LABEL.matcher(p.getSubdomain()).matches())) {
                errors.add(new FieldError(
                        at + ".subdomain",
                        "must be a DNS label (lowercase letters, digits and '-', at most 63) that does not"
                                + " start with digits and '-' (that form is {port}-{id})"));
            } else if (p.getSubdomain() != null && !seenSubdomains.add(p.getSubdomain())) {
                errors.add(
                        new FieldError(at + ".subdomain", "subdomain " + p.getSubdomain() + " is used by two ports"));
            }
        }
    }
}
