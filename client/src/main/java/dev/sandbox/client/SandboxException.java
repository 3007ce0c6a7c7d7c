package dev.sandbox.client;

/**
 * Base class of every error the sandbox SDK reports. It is unchecked: catch it (or one of its subtypes) where you
 * can act on the failure.
 *
 * <p>When the gateway answered, {@link #status()} is the HTTP status and {@link #code()} / {@link #field()} come
 * from its error body {@code {"error": {"code": "...", "message": "...", "field": "..."}}}. When no answer arrived
 * (connection refused, timeout, client-side validation) {@link #status()} is {@code 0}.
 *
 * <p>The gateway and its node agents throw subclasses of it for the errors they answer, so a status, code and field
 * mean the same on both ends of the wire.
 */
public class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP status of the answer, {@code 0} without one. */
    private final int status;

    /** The gateway's error code, or {@code null}. */
    private final String code;

    /** The request field at fault, or {@code null}. */
    private final String field;

    /**
     * Creates an exception with a message and an optional cause, without HTTP details.
     *
     * @param message what went wrong, for humans
     * @param cause the underlying error, or {@code null}
     */
    public SandboxException(String message, Throwable cause) {
        this(message, 0, null, null, cause);
    }

    /**
     * Creates an exception with every detail.
     *
     * @param message what went wrong, for humans
     * @param status the HTTP status of the gateway's answer, or {@code 0} when there was none
     * @param code the gateway's error code such as {@code not_found}, or {@code null}
     * @param field the request field at fault such as {@code resources.cpu}, or {@code null}
     * @param cause the underlying error, or {@code null}
     */
    public SandboxException(String message, int status, String code, String field, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /**
     * The HTTP status of the gateway's answer.
     *
     * @return the status such as {@code 404}, or {@code 0} when no answer was received
     */
    public int status() {
        return status;
    }

    /**
     * The machine-readable error code from the gateway's error body.
     *
     * @return a code such as {@code invalid_request}, {@code not_found} or {@code conflict}; {@code null} when unknown
     */
    public String code() {
        return code;
    }

    /**
     * The request field at fault, when one field is.
     *
     * @return a field path such as {@code image}, {@code resources.cpu} or {@code ports[0].internal}; {@code null}
     *     when the error is not about a single field
     */
    public String field() {
        return field;
    }
}
