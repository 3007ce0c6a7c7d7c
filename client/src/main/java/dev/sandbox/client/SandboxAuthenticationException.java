package dev.sandbox.client;

/**
 * The API key is missing, malformed or unknown (HTTP {@code 401}), or it may not do this (HTTP {@code 403}).
 */
public class SandboxAuthenticationException extends SandboxException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without HTTP details, for example for a failure before the gateway answered.
     *
     * @param message what went wrong, for humans
     * @param cause the underlying error, or {@code null}
     */
    public SandboxAuthenticationException(String message, Throwable cause) {
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
    public SandboxAuthenticationException(String message, int status, String code, String field) {
        super(message, status, code, field, null);
    }
}
