package dev.sandbox.client;

/**
 * An operation took too long: either no answer arrived within the client's timeout, or the gateway
 * answered {@code 504 timeout} (for example {@code createSandbox(request, true)} gave up waiting for the sandbox to
 * become Running).
 */
public class SandboxTimeoutException extends SandboxException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without HTTP details, for example for a failure before the gateway answered.
     *
     * @param message what went wrong, for humans
     * @param cause the underlying error, or {@code null}
     */
    public SandboxTimeoutException(String message, Throwable cause) {
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
    public SandboxTimeoutException(String message, int status, String code, String field) {
        super(message, status, code, field, null);
    }
}
