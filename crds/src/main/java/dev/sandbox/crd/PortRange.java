package dev.sandbox.crd;

/**
 * The node ports an administrator hands to sandboxes, both ends included (default {@code 30000-32767}, the range
 * Kubernetes uses for NodePorts, clear of the platform's own ports and of the kernel's ephemeral ports).
 */
public record PortRange(int first, int last) {
    public static final PortRange DEFAULT = new PortRange(30000, 32767);

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException(
                    "a port range must be FIRST-LAST within 1-65535, got " + first + "-" + last);
        }
    }

    /** Reads {@code FIRST-LAST}, such as {@code 30000-32767}. */
    public static PortRange parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("-");
        if (parts.length != 2
                || !parts[0].trim().matches("[0-9]{1,5}")
                || !parts[1].trim().matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("a port range must look like 30000-32767, got '" + text + "'");
        }
        return new PortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
