package dev.sandbox.gateway;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of the API as {@code {"error": {"code", "message", "field", "limit"}}} with its status: the gateway's own
 * {@link ApiException}s as they are, failures of PostgreSQL and of nodes as 503 without their internals, anything
 * unexpected as a 500 with a reference to quote, and unknown paths and methods in the same JSON.
 */
final class ErrorAnswers {
    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {}

    static void register(RoutesConfig routes, int maxBodyBytes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null && !ctx.res().isCommitted()) {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            error(ctx, e.status(), e.code(), e.getMessage(), e.field(), e.limit());
        });
        // Anything that reaches PostgreSQL and finds it unreachable or too slow: the caller should try again later;
        // the driver's words (hosts, tables, SQL) stay in the log.
        routes.exception(SQLException.class, (e, ctx) -> {
            log.warn("{} {}: PostgreSQL failed: {}", ctx.method(), ctx.path(), e.toString());
            error(ctx, 503, "unavailable", "the database is unreachable; try again shortly", null, null);
        });
        routes.exception(ExecBackend.BackendUnavailableException.class, (e, ctx) -> {
            // The message names nodes and addresses of the installation: the log keeps it, the caller learns what to
            // do.
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(
                    ctx,
                    503,
                    "unavailable",
                    "the sandbox's node cannot be reached right now; try again shortly",
                    null,
                    null);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            error(
                    ctx,
                    status,
                    status == 413 ? "too_large" : status >= 500 ? "internal" : "invalid_request",
                    status == 413
                            ? "the request body is larger than " + maxBodyBytes + " bytes"
                            : "the request was refused (HTTP " + status + ")",
                    null,
                    null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            // What went wrong inside stays inside: the caller gets a reference to quote, the log the whole story.
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("{} {} failed (reference {})", ctx.method(), ctx.path(), reference, e);
            error(
                    ctx,
                    500,
                    "internal",
                    "internal error (reference " + reference + "); if it persists, report the reference to the"
                            + " platform's administrator",
                    null,
                    null);
        });
        routes.error(404, ctx -> {
            // Javalin answers an unknown path with its own plain text; every error of this API is JSON.
            if (!ctx.res().isCommitted()
                    && (ctx.endpoints().matchedHttpEndpoint() == null
                            || ctx.result() == null
                            || ctx.result().isEmpty())) {
                error(
                        ctx,
                        404,
                        "not_found",
                        "no such endpoint: " + ctx.method() + " " + Errors.quoted(ctx.path(), 200),
                        null,
                        null);
            }
        });
        routes.error(
                405,
                ctx -> error(
                        ctx,
                        405,
                        "method_not_allowed",
                        ctx.method() + " is not allowed on " + Errors.quoted(ctx.path(), 200),
                        null,
                        null));
    }

    private static void error(Context ctx, int status, String code, String message, String field, String limit) {
        if (ctx.res().isCommitted()) {
            log.debug("{} {} failed after the answer had started: {}", ctx.method(), ctx.path(), message);
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        if (limit != null) {
            error.put("limit", limit);
        }
        Json.answer(ctx, status, Map.of("error", error));
    }
}
