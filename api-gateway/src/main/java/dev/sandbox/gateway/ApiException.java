package dev.sandbox.gateway;

import dev.sandbox.agent.ErrorAnswerException;

/**
 * An error answered to the client as {@code {"error": {"code", "message", "field", "limit"}}} with an HTTP status: the
 * node agents' error answer, with the tenant limit at fault and a time to retry after.
 */
public class ApiException extends ErrorAnswerException {
    private final String limit;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, null, null);
    }

    private ApiException(int status, String code, String message, String field, String limit, Long retryAfterSeconds) {
        super(status, code, message, field);
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 403 {@code forbidden}: the key is valid but may not do this. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, null);
    }

    /** 403 {@code quota_exceeded}, naming the tenant limit ({@code sandboxes}, {@code cpu}, ...) that would be passed. */
    public static ApiException quotaExceeded(String limit, String message) {
        return new ApiException(403, "quota_exceeded", message, null, limit, null);
    }

    /** 429 {@code rate_limited}, answered with {@code Retry-After}. */
    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", message, null, "requestsPerSecond", retryAfterSeconds);
    }

    /** 413 {@code too_large}: a body, list or map past its documented bound. */
    public static ApiException tooLarge(String field, String message) {
        return new ApiException(413, "too_large", message, field);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_request", message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message, null);
    }

    /** The tenant limit at fault, or null. */
    public String limit() {
        return limit;
    }

    /** Seconds after which a retry may succeed, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
