package dev.sandbox.client;

/**
 * The tenant's quota would be passed ({@code 403 quota_exceeded}); {@link #limit()} names it: {@code sandboxes},
 * {@code cpu}, {@code memory} or {@code disk}. Delete sandboxes or ask an administrator for a higher limit.
 */
public class SandboxQuotaExceededException extends SandboxOperationException {
    private static final long serialVersionUID = 1L;
    private final String limit;

    /**
     * Creates the exception for the gateway's answer.
     *
     * @param message the gateway's message
     * @param status the HTTP status (403)
     * @param code the gateway's error code ({@code quota_exceeded})
     * @param limit the limit that would be passed, or {@code null}
     */
    public SandboxQuotaExceededException(String message, int status, String code, String limit) {
        super(message, status, code, null);
        this.limit = limit;
    }

    /** The limit that would be passed, such as {@code sandboxes}, or {@code null}. */
    public String limit() {
        return limit;
    }
}
