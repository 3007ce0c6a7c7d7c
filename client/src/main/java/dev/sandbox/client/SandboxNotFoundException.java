package dev.sandbox.client;

/**
 * The sandbox does not exist, or it belongs to another tenant (HTTP {@code 404 not_found}).
 */
public class SandboxNotFoundException extends SandboxException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without HTTP details, for example for a failure before the gateway answered.
     *
     * @param message what went wrong, for humans
     * @param cause the underlying error, or {@code null}
     */
    public SandboxNotFoundException(String message, Throwable cause) {
        super(message, 0, null, null, cause);
    }

    /**
     * Creates the exception for an error answer of the gateway.
     *
     * @param message the gateway's message
     * @param status the HTTP status
     * @param code the gateway's error code, or {@code null}
     * @param field the request field at fault, or {@code null}
     */
    public SandboxNotFoundException(String message, int status, String code, String field) {
        super(message, status, code, field, null);
    }
}
