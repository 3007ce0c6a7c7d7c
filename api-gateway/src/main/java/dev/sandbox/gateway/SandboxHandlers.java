package dev.sandbox.gateway;

import dev.sandbox.client.SandboxInfo;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.db.UsageSamples;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /v1/sandboxes} itself: create, list, get and delete, and a sandbox's usage history. */
final class SandboxHandlers {
    private static final Logger log = LoggerFactory.getLogger(SandboxHandlers.class);
    private static final int DEFAULT_USAGE_LIMIT = 1000;
    private static final int MAX_USAGE_LIMIT = 10_000;

    private final SandboxService sandboxes;
    private final WaitQuery waiting;
    private final UsageSamples usage;

    SandboxHandlers(SandboxService sandboxes, WaitQuery waiting, UsageSamples usage) {
        this.sandboxes = sandboxes;
        this.waiting = waiting;
        this.usage = usage;
    }

    void create(Context ctx, KeyOwner caller) {
        CreateSandboxRequest request = Json.read(ctx.body(), CreateSandboxRequest.class);
        // Query parameters are checked before anything is created.
        boolean wait = waiting.wanted(ctx);
        Duration timeout = waiting.timeout(ctx);
        TemplateSandboxes.Created made = sandboxes.createForWait(caller, request);
        Sandbox created = made.sandbox();
        if (wait && WarmPoolClaims.claimed(created)) {
            // Running already; waits only when the claim asked for new limits (applied in place by the operator).
            if (made.awaitOperator()) {
                Sandbox settled = sandboxes.await(
                        created.getMetadata().getName(),
                        s -> WarmPoolClaims.caughtUp(s) && SandboxService.runningOrFailed(s),
                        timeout);
                created = settled == null ? created : settled;
            }
        } else if (wait) {
            Sandbox settled =
                    sandboxes.await(created.getMetadata().getName(), SandboxService::runningOrFailed, timeout);
            created = settled == null ? created : settled;
        }
        ctx.header("Location", "/v1/sandboxes/" + created.getMetadata().getName());
        Json.answer(ctx, 201, SandboxView.from(created));
    }

    void list(Context ctx, String tenant) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String filter : ctx.queryParams("label")) {
            Map.Entry<String, String> label = UserLabels.selector(filter, "label");
            labels.put(label.getKey(), label.getValue());
        }
        List<SandboxInfo> items = sandboxes.list(tenant, ctx.queryParam("status"), labels).stream()
                .map(SandboxView::from)
                .toList();
        Json.answer(ctx, 200, Map.of("items", items));
    }

    void get(Context ctx, String tenant) {
        Sandbox sandbox = sandboxes.use(tenant, ctx.pathParam("id"), ActivityKind.READ);
        Json.answer(ctx, 200, SandboxView.from(sandbox));
    }

    void delete(Context ctx, String tenant) {
        String id = ctx.pathParam("id");
        Duration wait = waiting.timeoutIfWanted(ctx);
        sandboxes.delete(tenant, id);
        if (wait != null) {
            sandboxes.await(id, s -> false, wait);
        }
        ctx.status(204);
    }

    /** {@code GET /v1/sandboxes/{id}/usage}: the usage samples since a time, oldest first. */
    void usage(Context ctx, String tenant) {
        Sandbox sandbox = sandboxes.use(tenant, ctx.pathParam("id"), ActivityKind.READ);
        Instant since = since(ctx.queryParam("since"));
        int limit = limit(ctx.queryParam("limit"));
        List<UsageSampleRecord> rows;
        try {
            rows = usage.after(sandbox.getMetadata().getUid(), since, limit + 1);
        } catch (SQLException e) {
            log.warn("usage history query failed: {}", e.toString());
            throw ApiException.unavailable("the usage history is unreachable; try again shortly");
        }
        boolean truncated = rows.size() > limit;
        Json.answer(
                ctx,
                200,
                UsageHistoryView.of(
                        sandbox.getMetadata().getName(),
                        since,
                        rows.subList(0, Math.min(limit, rows.size())),
                        truncated));
    }

    /** RFC 3339 time; without one, the last hour. */
    private static Instant since(String value) {
        if (value == null || value.isBlank()) {
            return Instant.now().minus(Duration.ofHours(1));
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            // An unencoded '+' of an offset arrives as a space.
            int space = value.trim().lastIndexOf(' ');
            if (space > 10) {
                try {
                    String fixed = value.trim();
                    return OffsetDateTime.parse(fixed.substring(0, space) + "+" + fixed.substring(space + 1))
                            .toInstant();
                } catch (DateTimeParseException ignored) {
                    // Fall through to the error below.
                }
            }
            throw ApiException.invalid(
                    "since",
                    "'since' must be an RFC 3339 time such as 2026-01-01T12:00:00Z, got '" + Errors.quoted(value)
                            + "'");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_USAGE_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_USAGE_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw ApiException.invalid("limit", "'limit' must be a whole number from 1 to " + MAX_USAGE_LIMIT);
    }
}
