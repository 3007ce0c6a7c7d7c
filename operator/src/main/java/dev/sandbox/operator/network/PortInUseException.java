package dev.sandbox.operator.network;

/** A port a sandbox asked for (or every port of the range) is taken on this node. */
public class PortInUseException extends RuntimeException {
    private final String field;

    public PortInUseException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The spec field at fault, e.g. {@code ports[0].external}. */
    public String field() {
        return field;
    }
}
