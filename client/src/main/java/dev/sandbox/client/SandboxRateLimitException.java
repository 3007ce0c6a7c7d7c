package dev.sandbox.client;

import java.time.Duration;

/**
 * Too many requests (HTTP {@code 429 rate_limited}). Wait {@link #retryAfter()} before trying again.
 */
public class SandboxRateLimitException extends SandboxException {
    private static final long serialVersionUID = 1L;

    /** The wait the gateway asked for, or {@code null}. */
    private final Duration retryAfter;

    /**
     * Creates the exception for a {@code 429} answer of the gateway.
     *
     * @param message the gateway's message
     * @param status the HTTP status, normally {@code 429}
     * @param code the gateway's error code, or {@code null}
     * @param retryAfter how long to wait, from the {@code Retry-After} header; {@code null} when the header is absent
     *     or unreadable
     */
    public SandboxRateLimitException(String message, int status, String code, Duration retryAfter) {
        super(message, status, code, null, null);
        this.retryAfter = retryAfter;
    }

    /**
     * How long the gateway asks the caller to wait before the next request.
     *
     * @return the wait from the {@code Retry-After} header (never negative), or {@code null} when the gateway did not
     *     say
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
