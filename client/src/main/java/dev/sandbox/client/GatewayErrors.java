package dev.sandbox.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns the gateway's error answers and transport failures into the SDK's exception types. */
final class GatewayErrors {
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private GatewayErrors() {}

    /** The exception for a non-2xx answer with body {@code {"error": {"code", "message", "field"}}}. */
    static SandboxException fromResponse(HttpResponse<String> response, ObjectMapper json, Clock clock) {
        return fromAnswer(response.statusCode(), response.body(), response.headers(), json, clock);
    }

    /** The exception for a non-2xx answer whose body was read separately (streams, downloads). */
    static SandboxException fromAnswer(
            int status, String answerBody, HttpHeaders headers, ObjectMapper json, Clock clock) {
        String body = answerBody == null ? "" : answerBody;
        String code = null;
        String message = null;
        String field = null;
        String limit = null;
        try {
            JsonNode error = json.readTree(body).path("error");
            code = text(error, "code");
            message = text(error, "message");
            field = text(error, "field");
            limit = text(error, "limit");
        } catch (IOException | RuntimeException notJson) {
            // A proxy in between may answer with HTML or plain text: fall back to the status and the body below.
        }
        if (message == null) {
            String snippet = body.strip();
            snippet = snippet.length() > MAX_BODY_IN_MESSAGE
                    ? snippet.substring(0, MAX_BODY_IN_MESSAGE) + "..."
                    : snippet;
            message = "gateway answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        }
        if (code != null && code.startsWith("volume")) {
            return new SandboxVolumeException(message, status, code, field);
        }
        if ("quota_exceeded".equals(code)) {
            return new SandboxQuotaExceededException(message, status, code, limit);
        }
        return switch (status) {
            case 400 -> new SandboxValidationException(message, status, code, field);
            case 401, 403 -> new SandboxAuthenticationException(message, status, code, field);
            case 404 -> new SandboxNotFoundException(message, status, code, field);
            case 429 ->
                new SandboxRateLimitException(
                        message,
                        status,
                        code,
                        retryAfter(headers.firstValue("Retry-After").orElse(null), clock));
            case 503 -> new SandboxUnavailableException(message, status, code, field);
            case 504 -> new SandboxTimeoutException(message, status, code, field);
            default -> new SandboxOperationException(message, status, code, field);
        };
    }

    /** The exception for a request that got no answer: refused, reset, timed out. */
    static SandboxException fromTransport(Throwable error, String method, URI uri) {
        Throwable cause = unwrap(error);
        if (cause instanceof SandboxException sandboxException) {
            return sandboxException;
        }
        String request = method + " " + uri;
        if (cause instanceof HttpTimeoutException) {
            return new SandboxTimeoutException("no answer in time to " + request + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof ConnectException) {
            return new SandboxConnectionException(
                    "cannot connect to the gateway for " + request + describe(cause), cause);
        }
        if (cause instanceof IOException) {
            return new SandboxConnectionException(
                    "connection to the gateway failed for " + request + describe(cause), cause);
        }
        return new SandboxException("unexpected failure of " + request + describe(cause), cause);
    }

    /** Reads {@code Retry-After} as delay-seconds or as an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** Strips the wrappers that futures put around the real failure. */
    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String describe(Throwable cause) {
        String detail = cause.getMessage();
        return detail == null || detail.isBlank() ? " (" + cause.getClass().getSimpleName() + ")" : ": " + detail;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
