package dev.sandbox.client;

/**
 * The request is invalid: either the SDK found an obvious error before sending anything (blank image, CPU outside
 * 0.1 to 8.0, port outside 1 to 65535, ...) or the gateway answered {@code 400 invalid_request} (malformed JSON,
 * unknown field, value out of range). {@link #field()} names the field at fault when one is.
 */
public class SandboxValidationException extends SandboxException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error found on the client side, before any HTTP call.
     *
     * @param message what is wrong, for humans
     * @param field the request field at fault such as {@code resources.cpu}, or {@code null}
     */
    public SandboxValidationException(String message, String field) {
        super(message, 0, "invalid_request", field, null);
    }

    /**
     * Creates the exception for an error answer of the gateway.
     *
     * @param message the gateway's message
     * @param status the HTTP status, normally {@code 400}
     * @param code the gateway's error code, or {@code null}
     * @param field the request field at fault, or {@code null}
     */
    public SandboxValidationException(String message, int status, String code, String field) {
        super(message, status, code, field, null);
    }
}
