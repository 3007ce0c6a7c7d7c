package dev.sandbox.agent;

/**
 * An error answered as {@code {"error": {"code", "message", "field"}}} with an HTTP status. The gateway and the node
 * agents answer their errors this way, and the gateway passes a node agent's error on to its caller unchanged: both
 * speak one vocabulary of codes ({@code invalid_request}, {@code not_found}, {@code conflict}, {@code too_large},
 * {@code unavailable}, ...) and field paths.
 */
public class ErrorAnswerException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    protected ErrorAnswerException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The machine-readable code, such as {@code not_found}. */
    public String code() {
        return code;
    }

    /** The request field at fault as a path such as {@code resources.cpu}, or null when no single field is. */
    public String field() {
        return field;
    }
}
