package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.db.UsageSamples;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E2B-compatible front door: E2B's control plane ({@code /sandboxes}, {@code /v2/sandboxes}, authenticated by
 * {@code X-API-KEY} with this gateway's API keys) and its data plane ({@link E2bEnvd}) on the gateway's own address,
 * so the unchanged E2B SDKs work with {@code E2B_API_URL} and {@code E2B_SANDBOX_URL} both set to the gateway.
 * Errors are E2B's {@code {"code": status, "message": ...}}. What differs from E2B is listed in docs/e2b-compatibility.md.
 */
final class E2bApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(E2bApi.class);
    private static final String CALLER = "e2b-caller";
    private static final int MAX_PAGE = 100;

    private final SandboxService sandboxes;
    private final Authenticator auth;
    private final UsageSamples usage;
    private final E2bSandboxes lifecycle;
    private final E2bEnvd envd;
    private final E2bWatchers watchers;

    E2bApi(
            GatewayConfig config,
            SandboxService sandboxes,
            Authenticator auth,
            ActivityRecorder activity,
            UsageSamples usage,
            ExecBackend exec,
            NodeProxy nodes) {
        this.sandboxes = sandboxes;
        this.auth = auth;
        this.usage = usage;
        E2bAccessTokens tokens = new E2bAccessTokens(
                config.agentToken() != null
                        ? config.agentToken()
                        : java.util.UUID.randomUUID().toString());
        E2bProcesses processes = new E2bProcesses(exec, config.maxExecOutputBytes());
        E2bVolumeFiles files = new E2bVolumeFiles(nodes);
        this.watchers = new E2bWatchers(files);
        this.lifecycle = new E2bSandboxes(sandboxes, E2bTemplates.fromEnvironment(), tokens, processes);
        this.envd = new E2bEnvd(sandboxes, activity, tokens, files, watchers, processes);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Context ctx) throws Exception;
    }

    void register(RoutesConfig routes) {
        routes.post("/sandboxes", control(ctx -> create(ctx, false)));
        routes.post("/v2/sandboxes", control(ctx -> create(ctx, true)));
        routes.get("/sandboxes", control(ctx -> list(ctx, false)));
        routes.get("/v2/sandboxes", control(ctx -> list(ctx, true)));
        routes.get("/sandboxes/{id}", control(ctx -> Json.answer(ctx, 200, lifecycle.detail(own(ctx)))));
        routes.delete("/sandboxes/{id}", control(ctx -> {
            lifecycle.kill(tenant(ctx), ctx.pathParam("id"));
            ctx.status(204);
        }));
        routes.post("/sandboxes/{id}/timeout", control(ctx -> {
            long seconds = E2bRequests.seconds(body(ctx), "timeout", -1);
            if (seconds < 0) {
                throw E2bRequests.invalid("'timeout' is required");
            }
            lifecycle.setTimeout(tenant(ctx), ctx.pathParam("id"), seconds);
            ctx.status(204);
        }));
        routes.post("/sandboxes/{id}/refreshes", control(ctx -> {
            lifecycle.setTimeout(tenant(ctx), ctx.pathParam("id"), E2bRequests.seconds(body(ctx), "duration", 60));
            ctx.status(204);
        }));
        routes.post("/sandboxes/{id}/pause", control(ctx -> {
            if (!lifecycle.pause(tenant(ctx), ctx.pathParam("id"), E2bRequests.bool(body(ctx), "memory", true))) {
                throw new ApiException(
                        409, "conflict", "sandbox '" + ctx.pathParam("id") + "' is already paused", null);
            }
            ctx.status(204);
        }));
        routes.post("/sandboxes/{id}/resume", control(ctx -> {
            Sandbox sandbox = own(ctx);
            if (!E2bSandboxes.state(sandbox).equals("paused")) {
                throw new ApiException(409, "conflict", "sandbox '" + ctx.pathParam("id") + "' is not paused", null);
            }
            Json.answer(ctx, 201, lifecycle.connect(tenant(ctx), ctx.pathParam("id"), body(ctx)));
        }));
        routes.post("/sandboxes/{id}/connect", control(this::connect));
        routes.post("/v2/sandboxes/{id}/connect", control(this::connect));
        routes.get("/sandboxes/{id}/metrics", control(this::metrics));
        routes.post(
                "/sandboxes/{id}/snapshots",
                control(ctx -> Json.answer(
                        ctx,
                        201,
                        lifecycle.createSnapshot(
                                tenant(ctx), ctx.pathParam("id"), E2bRequests.text(body(ctx), "name")))));
        routes.delete("/templates/{id}", control(ctx -> {
            // E2B deletes snapshots as templates; the templates of this platform are not deleted through E2B's API.
            if (sandboxes
                            .snapshots()
                            .get(tenant(ctx), ctx.pathParam("id"), null)
                            .getMetadata()
                            .getDeletionTimestamp()
                    != null) {
                throw ApiException.notFound("snapshot '" + ctx.pathParam("id") + "' not found");
            }
            sandboxes.snapshots().delete(tenant(ctx), ctx.pathParam("id"));
            ctx.status(204);
        }));
        routes.post("/sandboxes/{id}/fork", control(ctx -> {
            throw new ApiException(
                    501,
                    "unsupported",
                    "fork is not supported through the E2B API here: take a snapshot and create"
                            + " sandboxes from its id (or use POST /v1/sandboxes/{id}/fork)",
                    null);
        }));
        routes.put("/sandboxes/{id}/network", control(ctx -> {
            lifecycle.updateNetwork(tenant(ctx), ctx.pathParam("id"), body(ctx));
            ctx.status(204);
        }));
        routes.get("/health", data(envd::health));
        routes.get("/files", data(envd::download));
        routes.post("/files", data(envd::upload));
        routes.post("/process.Process/{method}", data(ctx -> envd.rpc(ctx, "process.Process")));
        routes.post("/filesystem.Filesystem/{method}", data(ctx -> envd.rpc(ctx, "filesystem.Filesystem")));
    }

    /** A control-plane handler: the API key first, E2B's error shape for every failure. */
    private io.javalin.http.Handler control(Handler handler) {
        return ctx -> {
            try {
                String key = ctx.header("X-API-KEY");
                String authorization = ctx.header("Authorization");
                ctx.attribute(
                        CALLER,
                        auth.caller(
                                key != null ? "Bearer " + key.trim() : authorization == null ? null : authorization));
                handler.handle(ctx);
            } catch (ApiException e) {
                error(ctx, e.status(), e.getMessage());
            } catch (ExecBackend.BackendUnavailableException e) {
                error(ctx, 503, e.getMessage());
            }
        };
    }

    /** A data-plane handler: a sandbox that is gone or not running is E2B's 502. */
    private io.javalin.http.Handler data(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (E2bEnvd.NotRunningException e) {
                error(ctx, 502, e.getMessage());
            } catch (ApiException e) {
                error(ctx, e.status(), e.getMessage());
            } catch (RpcException e) {
                error(ctx, e.httpStatus(), e.getMessage());
            } catch (ExecBackend.BackendUnavailableException e) {
                error(ctx, 502, e.getMessage());
            }
        };
    }

    private static void error(Context ctx, int status, String message) {
        if (ctx.res().isCommitted()) {
            log.debug("{} {} failed after its answer had started: {}", ctx.method(), ctx.path(), message);
            return;
        }
        Json.answer(ctx, status, Map.of("code", status, "message", String.valueOf(message)));
    }

    private void create(Context ctx, boolean secureByDefault) {
        Json.answer(ctx, 201, lifecycle.create(caller(ctx), body(ctx), secureByDefault));
    }

    private void connect(Context ctx) {
        boolean paused = E2bSandboxes.state(own(ctx)).equals("paused");
        Json.answer(ctx, paused ? 201 : 200, lifecycle.connect(tenant(ctx), ctx.pathParam("id"), body(ctx)));
    }

    /** Lists the tenant's sandboxes filtered by metadata and state, oldest first, a page at a time ({@code x-next-token}). */
    private void list(Context ctx, boolean paged) {
        Map<String, String> wanted = metadataQuery(ctx.queryParam("metadata"));
        Set<String> states = new java.util.HashSet<>();
        for (String value : ctx.queryParams("state")) {
            for (String state : value.split(",")) {
                if (!state.isBlank()) {
                    if (!state.trim().equals("running") && !state.trim().equals("paused")) {
                        throw E2bRequests.invalid("'state' must be running or paused");
                    }
                    states.add(state.trim());
                }
            }
        }
        if (!paged && states.isEmpty()) {
            states.add("running");
        }
        int limit = MAX_PAGE;
        if (ctx.queryParam("limit") != null) {
            try {
                limit = Integer.parseInt(ctx.queryParam("limit").trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw E2bRequests.invalid("'limit' must be a whole number from 1 to " + MAX_PAGE);
            }
        }
        String after = cursor(ctx.queryParam("nextToken"));
        String template = ctx.queryParam("template");
        List<Sandbox> matching = new ArrayList<>();
        for (Sandbox s : sandboxes.list(tenant(ctx), null)) {
            if (s.getMetadata().getDeletionTimestamp() == null
                    && (states.isEmpty() || states.contains(E2bSandboxes.state(s)))
                    && E2bSandboxes.matches(s, wanted)
                    && (after == null || key(s).compareTo(after) > 0)
                    && (template == null || template.isBlank() || template.equals(E2bSandboxes.templateId(s)))) {
                matching.add(s);
            }
        }
        matching.sort((a, b) -> key(a).compareTo(key(b)));
        List<Map<String, Object>> page = new ArrayList<>();
        for (Sandbox s : matching.subList(0, Math.min(limit, matching.size()))) {
            page.add(lifecycle.listed(s));
        }
        if (paged && matching.size() > limit) {
            ctx.header(
                    "x-next-token",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(key(matching.get(limit - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        Json.answer(ctx, 200, page);
    }

    private static String key(Sandbox s) {
        return s.getMetadata().getCreationTimestamp() + "|" + s.getMetadata().getName();
    }

    private static String cursor(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw E2bRequests.invalid("'nextToken' is not a token this server gave out");
        }
    }

    /**
     * The {@code metadata} filter: {@code key=value} pairs joined by {@code &}, as a query string inside the parameter;
     * the SDKs percent-encode keys and values once more, so each is decoded twice.
     */
    static Map<String, String> metadataQuery(String query) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return wanted;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            wanted.put(decode(decode(key)), decode(decode(value)));
        }
        return wanted;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private void metrics(Context ctx) {
        Sandbox sandbox = own(ctx);
        Instant since =
                Instant.parse(sandbox.getMetadata().getCreationTimestamp()).minusSeconds(1);
        Instant until = Instant.now();
        try {
            if (ctx.queryParam("start") != null) {
                since = Instant.ofEpochSecond(
                                Long.parseLong(ctx.queryParam("start").trim()))
                        .minusMillis(1);
            }
            if (ctx.queryParam("end") != null) {
                until = Instant.ofEpochSecond(
                        Long.parseLong(ctx.queryParam("end").trim()));
            }
        } catch (NumberFormatException e) {
            throw E2bRequests.invalid("'start' and 'end' must be Unix times in seconds");
        }
        List<UsageSampleRecord> rows;
        try {
            rows = usage.after(sandbox.getMetadata().getUid(), since, 10_000);
        } catch (SQLException e) {
            throw ApiException.unavailable("the usage history (PostgreSQL) is unreachable: " + e.getMessage());
        }
        int cpus = ((Number) lifecycle.listed(sandbox).get("cpuCount")).intValue();
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (UsageSampleRecord row : rows) {
            if (row.sampledAt().isAfter(until)) {
                break;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", row.sampledAt().toString());
            m.put("timestampUnix", row.sampledAt().getEpochSecond());
            m.put("cpuCount", cpus);
            m.put("cpuUsedPct", row.use().cpuPercent() / cpus);
            m.put("memUsed", row.use().memoryBytes());
            m.put("memTotal", row.use().memoryLimitBytes());
            m.put("memCache", 0);
            m.put("diskUsed", 0);
            m.put("diskTotal", 0);
            metrics.add(m);
        }
        Json.answer(ctx, 200, metrics);
    }

    private Sandbox own(Context ctx) {
        return lifecycle.live(tenant(ctx), ctx.pathParam("id"));
    }

    private static String tenant(Context ctx) {
        return caller(ctx).tenant();
    }

    /** The key's owner: quotas and preview claims of E2B creates are the tenant's, as for /v1 creates. */
    private static KeyOwner caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw E2bRequests.invalid("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw E2bRequests.invalid("the body is not valid JSON: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        watchers.close();
    }
}
