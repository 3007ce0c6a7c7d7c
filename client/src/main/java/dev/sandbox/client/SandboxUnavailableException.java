package dev.sandbox.client;

/**
 * The gateway is up but cannot reach Docker or the Kubernetes API right now (HTTP {@code 503 unavailable}).
 * Retrying later may help.
 */
public class SandboxUnavailableException extends SandboxOperationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without HTTP details, for example for a failure before the gateway answered.
     *
     * @param message what went wrong, for humans
     * @param cause the underlying error, or {@code null}
     */
    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error answer of the gateway.
     *
     * @param message the gateway's message
     * @param status the HTTP status
     * @param code the gateway's error code, or {@code null}
     * @param field the request field at fault, or {@code null}
     */
    public SandboxUnavailableException(String message, int status, String code, String field) {
        super(message, status, code, field);
    }
}
