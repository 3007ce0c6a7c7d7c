package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.PreviewSubdomains;
import dev.sandbox.db.SandboxActivity;
import dev.sandbox.db.TenantAdministration;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.db.UsageSamples;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST gateway: authenticates API keys, checks input and turns calls into Sandbox resources and node calls. */
public final class SandboxGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxGateway.class);
    private static final String TENANT = "tenant";
    private static final String CALLER = "caller";
    /** Largest JSON body the API reads (file contents stream through and have their own limits). */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final int DEFAULT_USAGE_LIMIT = 1000;
    private static final int MAX_USAGE_LIMIT = 10_000;
    private static final String PREVIEW_SOCKET = "preview-socket-upgrade";
    private static final String IN_FLIGHT = "counted-in-flight";

    private final QueryRules queryRules;
    private final GatewayConfig config;
    private final SandboxService sandboxes;
    private final Authenticator auth;
    private final ExecRoutes exec;
    private final NodeRoutes nodes;
    private final PreviewRoutes preview;
    private final LifecycleHandlers lifecycle;
    private final SnapshotHandlers snapshots;
    private final NetworkVolumeHandlers volumes;
    private final TemplateHandlers templates;
    private final UsageSamples usage;
    private final GatewayMetrics metrics;
    private final ActivityRecorder activity;
    private final AdminHandlers admin;
    private final RateLimiter rates = new RateLimiter(System::nanoTime);
    private final E2bApi e2b;
    private final GatewayHealth health;
    private final OpenApiDocument openApi = OpenApiDocument.load();
    private final AtomicReference<Server> server = new AtomicReference<>();
    private final Javalin app;

    /**
     * A gateway that reaches node agents through the ConfigMaps their operators announce, with the configured token.
     *
     * @param database PostgreSQL with the project's schema: API keys, usage history, activity
     */
    public SandboxGateway(GatewayConfig config, KubernetesClient client, DataSource database) {
        this(
                config,
                client,
                database,
                new AgentClient(
                        new NodeAgents(client, List.of(config.systemNamespace(), config.namespace())),
                        config.agentToken()));
    }

    private SandboxGateway(GatewayConfig config, KubernetesClient client, DataSource database, AgentClient agents) {
        this(config, client, database, agents, agents);
    }

    /**
     * @param database PostgreSQL with the project's schema: API keys, usage history, activity
     * @param execBackend runs commands on the sandbox's node
     * @param nodes passes other per-sandbox calls (files, logs, stats, ports) to the sandbox's node
     */
    public SandboxGateway(
            GatewayConfig config,
            KubernetesClient client,
            DataSource database,
            ExecBackend execBackend,
            NodeProxy nodes) {
        this.config = config;
        this.activity = new ActivityRecorder(new SandboxActivity(database), config.activityFlushInterval());
        this.sandboxes = new SandboxService(
                client,
                config.namespace(),
                activity,
                config.maxDiskBytes(),
                new PortClaims(client, config.namespace(), config.ports(), this::listeningPort, config.agentToken()));
        this.auth = new Authenticator(new ApiKeys(database));
        TenantAdministration tenants = new TenantAdministration(database);
        Quotas quotas = new Quotas(client, config.namespace());
        this.sandboxes.admission(new SandboxAdmission(
                client, tenants, new PreviewSubdomains(database), quotas, sandboxes::findByPortSubdomain));
        this.admin = new AdminHandlers(tenants, auth, quotas, client, config.namespace());
        this.exec = new ExecRoutes(config, execBackend);
        this.nodes = new NodeRoutes(nodes);
        this.lifecycle = new LifecycleHandlers(sandboxes, config);
        this.snapshots = new SnapshotHandlers(sandboxes, config, activity);
        this.volumes = new NetworkVolumeHandlers(client, sandboxes, config);
        this.templates = new TemplateHandlers(client, sandboxes);
        this.usage = new UsageSamples(database);
        this.metrics = new GatewayMetrics(client, config.namespace());
        // Preview tokens are signed with a key derived from the agent token, which every gateway of an installation
        // shares.
        PreviewTokens tokens = PreviewTokens.derivedFrom(
                config.agentToken() != null
                        ? config.agentToken()
                        : UUID.randomUUID().toString(),
                Clock.systemUTC());
        this.preview = new PreviewRoutes(config, sandboxes, auth, nodes, activity, tokens);
        this.e2b = new E2bApi(config, sandboxes, auth, activity, usage, execBackend, nodes);
        this.queryRules = QueryRules.forGateway(config);
        this.health = new GatewayHealth(sandboxes::cacheSynced, database);
        this.app = Javalin.create(c -> {
            c.jetty.modifyServer(jetty -> {
                server.set(jetty);
                // Jetty's own answers (malformed requests, URI or headers too large) in the API's JSON, not HTML.
                jetty.setErrorHandler(new JsonErrorHandler());
            });
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            // Streams (exec, logs, uploads) hold a thread each for their whole life: leave room for many at once.
            c.jetty.threadPool = new QueuedThreadPool(500, 8, 60_000);
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY_BYTES;
            c.requestLogger.http((ctx, ms) -> {
                if (ctx.attribute(IN_FLIGHT) != null) {
                    health.requestEnded();
                }
                log.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
                // The route template, or the before-handler's pattern for requests turned away before routing (401).
                Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
                List<Endpoint> ran = ctx.endpoints().list();
                // The preview host filter ("*") runs for every request and names no route.
                List<Endpoint> named =
                        ran.stream().filter(e -> !"*".equals(e.path)).toList();
                String route =
                        matched != null ? matched.path : named.isEmpty() ? null : named.get(named.size() - 1).path;
                metrics.request(ctx.method().name(), route, ctx.statusCode(), Math.round(ms.doubleValue() * 1_000_000));
            });
            c.routes.get(
                    "/metrics",
                    ctx -> ctx.status(200)
                            .contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.scrape()));
            // Counted first, so that a stopping replica knows which calls it still has to finish (the request logger
            // ends them).
            c.routes.before(ctx -> {
                health.requestStarted();
                ctx.attribute(IN_FLIGHT, Boolean.TRUE);
            });
            // First of all: a request for a preview host belongs to the sandbox's app, whatever its path.
            c.routes.before(ctx -> {
                if (preview.serveHost(ctx)) {
                    ctx.skipRemainingHandlers();
                }
            });
            c.routes.wsBeforeUpgrade(ctx -> {
                boolean previewSocket = preview.beforeUpgrade(ctx);
                if (!previewSocket && !ctx.req().getRequestURI().matches("/v1/sandboxes/[^/]+/exec/ws")) {
                    throw ApiException.notFound("no WebSocket endpoint at " + ctx.path());
                }
                ctx.attribute(PREVIEW_SOCKET, previewSocket);
            });
            c.routes.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
            // Like /healthz, outside /v1: tools and people read the API's description before they have a key.
            c.routes.get(
                    "/openapi.json",
                    ctx -> ctx.status(200).contentType("application/json").result(openApi.json()));
            c.routes.get("/readyz", ctx -> {
                Map<String, String> checks = health.readiness();
                boolean ready = GatewayHealth.allOk(checks);
                json(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready", "checks", checks));
            });
            c.routes.before("/v1/*", ctx -> {
                // Path-form previews check access themselves: an API key, a preview token or a public sandbox.
                if (!PreviewRoutes.isPathForm(ctx.req().getRequestURI())) {
                    authenticate(ctx);
                }
            });
            // After authentication, before any handler: a malformed query never gets to a handler that has already
            // acted.
            c.routes.beforeMatched("/v1/*", queryRules::check);
            c.routes.wsBeforeUpgrade("/v1/*", ctx -> {
                if (!Boolean.TRUE.equals(ctx.attribute(PREVIEW_SOCKET))) {
                    authenticate(ctx);
                }
            });
            c.routes.post("/v1/admin/tenants", ctx -> admin.createTenant(ctx, caller(ctx)));
            c.routes.get("/v1/admin/tenants", ctx -> admin.listTenants(ctx, caller(ctx)));
            c.routes.get("/v1/admin/tenants/{name}", ctx -> admin.getTenant(ctx, caller(ctx)));
            c.routes.patch("/v1/admin/tenants/{name}", ctx -> admin.updateTenant(ctx, caller(ctx)));
            c.routes.delete("/v1/admin/tenants/{name}", ctx -> admin.deleteTenant(ctx, caller(ctx)));
            c.routes.post("/v1/admin/tenants/{name}/keys", ctx -> admin.createKey(ctx, caller(ctx)));
            c.routes.get("/v1/admin/tenants/{name}/keys", ctx -> admin.listKeys(ctx, caller(ctx)));
            c.routes.delete("/v1/admin/keys/{id}", ctx -> admin.revokeKey(ctx, caller(ctx)));
            c.routes.get("/v1/admin/audit", ctx -> admin.audit(ctx, caller(ctx)));
            c.routes.post("/v1/sandboxes", this::create);
            c.routes.get("/v1/sandboxes", this::list);
            c.routes.get("/v1/sandboxes/{id}", this::get);
            c.routes.delete("/v1/sandboxes/{id}", this::delete);
            c.routes.post("/v1/sandboxes/{id}/stop", ctx -> lifecycle.stop(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/start", ctx -> lifecycle.start(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/restart", ctx -> lifecycle.restart(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/pause", ctx -> lifecycle.pause(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/resume", ctx -> lifecycle.resume(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/snapshots", ctx -> snapshots.create(ctx, tenant(ctx)));
            c.routes.get("/v1/sandboxes/{id}/snapshots", ctx -> snapshots.listOfSandbox(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/fork", ctx -> snapshots.fork(ctx, caller(ctx)));
            c.routes.get("/v1/snapshots", ctx -> snapshots.list(ctx, tenant(ctx)));
            c.routes.get("/v1/snapshots/{name}", ctx -> snapshots.get(ctx, tenant(ctx)));
            c.routes.delete("/v1/snapshots/{name}", ctx -> snapshots.delete(ctx, tenant(ctx)));
            c.routes.get("/v1/sandboxes/{id}/environment", ctx -> lifecycle.getEnvironment(ctx, tenant(ctx)));
            c.routes.put("/v1/sandboxes/{id}/environment", ctx -> lifecycle.putEnvironment(ctx, tenant(ctx)));
            c.routes.get("/v1/sandboxes/{id}/entrypoint", ctx -> lifecycle.getEntrypoint(ctx, tenant(ctx)));
            c.routes.put("/v1/sandboxes/{id}/entrypoint", ctx -> lifecycle.putEntrypoint(ctx, tenant(ctx)));
            c.routes.post("/v1/sandboxes/{id}/mounts", ctx -> volumes.mount(ctx, tenant(ctx)));
            c.routes.delete("/v1/sandboxes/{id}/mounts/{volume}", ctx -> volumes.unmount(ctx, tenant(ctx)));
            c.routes.post("/v1/templates", ctx -> templates.create(ctx, tenant(ctx)));
            c.routes.get("/v1/templates", ctx -> templates.list(ctx, tenant(ctx)));
            c.routes.get("/v1/templates/{name}", ctx -> templates.get(ctx, tenant(ctx)));
            c.routes.put("/v1/templates/{name}", ctx -> templates.replace(ctx, tenant(ctx)));
            c.routes.delete("/v1/templates/{name}", ctx -> templates.delete(ctx, tenant(ctx)));
            c.routes.post("/v1/network-volumes", ctx -> volumes.create(ctx, tenant(ctx)));
            c.routes.get("/v1/network-volumes", ctx -> volumes.list(ctx, tenant(ctx)));
            c.routes.get("/v1/network-volume-classes", ctx -> volumes.listClasses(ctx));
            c.routes.get("/v1/network-volumes/{name}", ctx -> volumes.get(ctx, tenant(ctx)));
            c.routes.delete("/v1/network-volumes/{name}", ctx -> volumes.delete(ctx, tenant(ctx)));
            c.routes.get("/v1/sandboxes/{id}/usage", this::usage);
            // The body is checked before a paused sandbox is resumed for it (?resume=true), so a bad one changes
            // nothing.
            c.routes.post("/v1/sandboxes/{id}/exec", ctx -> {
                exec.spec(ctx.body());
                exec.exec(ctx, runningTarget(ctx, "exec"));
            });
            c.routes.post("/v1/sandboxes/{id}/exec/stream", ctx -> {
                exec.spec(ctx.body());
                exec.stream(ctx, runningTarget(ctx, "exec"));
            });
            c.routes.wsBeforeUpgrade(
                    "/v1/sandboxes/{id}/exec/ws", ctx -> ctx.attribute(ExecRoutes.TARGET, runningTarget(ctx, "exec")));
            c.routes.ws("/v1/sandboxes/{id}/exec/ws", exec::configureSocket);
            c.routes.get("/v1/sandboxes/{id}/volumes/{volumeId}/files", this::forwardVolumeFiles);
            c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/directories", this::forwardVolumeFiles);
            c.routes.get("/v1/sandboxes/{id}/volumes/{volumeId}/file", this::forwardVolumeFiles);
            c.routes.put("/v1/sandboxes/{id}/volumes/{volumeId}/file", this::forwardVolumeFiles);
            c.routes.delete("/v1/sandboxes/{id}/volumes/{volumeId}/file", this::forwardVolumeFiles);
            c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/upload", this::forwardVolumeFiles);
            c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/rename", this::forwardVolumeFiles);
            c.routes.get("/v1/sandboxes/{id}/export", ctx -> forward(ctx, "export"));
            c.routes.get("/v1/sandboxes/{id}/logs", ctx -> forward(ctx, "logs"));
            c.routes.get("/v1/sandboxes/{id}/stats", ctx -> forward(ctx, "stats"));
            c.routes.post(
                    "/v1/sandboxes/{id}/processes",
                    ctx -> this.nodes.forwardCommand(ctx, runningTarget(ctx, "processes")));
            c.routes.get("/v1/sandboxes/{id}/processes", ctx -> forward(ctx, "processes"));
            c.routes.get("/v1/sandboxes/{id}/processes/{processId}", ctx -> forward(ctx, "processes"));
            c.routes.delete("/v1/sandboxes/{id}/processes/{processId}", ctx -> forward(ctx, "processes"));
            c.routes.get("/v1/sandboxes/{id}/processes/{processId}/output", ctx -> forward(ctx, "processes"));
            c.routes.post("/v1/sandboxes/{id}/processes/{processId}/signal", ctx -> forward(ctx, "processes"));
            c.routes.get("/v1/sandboxes/{id}/processes/{processId}/wait", ctx -> forward(ctx, "processes"));
            c.routes.post("/v1/sandboxes/{id}/preview-token", ctx -> {
                Sandbox sandbox = sandboxes.get(tenant(ctx), ctx.pathParam("id"));
                activity.record(sandbox, "preview-token");
                preview.issueToken(ctx, sandbox);
            });
            for (HandlerType method : List.of(
                    HandlerType.GET,
                    HandlerType.POST,
                    HandlerType.PUT,
                    HandlerType.PATCH,
                    HandlerType.DELETE,
                    HandlerType.HEAD,
                    HandlerType.OPTIONS)) {
                c.routes.addHttpHandler(method, "/v1/sandboxes/{id}/ports/{port}", preview::servePath);
                c.routes.addHttpHandler(method, "/v1/sandboxes/{id}/ports/{port}/<rest>", preview::servePath);
            }
            c.routes.ws("/v1/sandboxes/{id}/ports/{port}", preview::configureSocket);
            c.routes.ws("/v1/sandboxes/{id}/ports/{port}/<rest>", preview::configureSocket);
            // The E2B-compatible API at the root: E2B's control plane (/sandboxes ...) and data plane (/files, Connect
            // services).
            e2b.register(c.routes);
            c.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.retryAfterSeconds() != null && !ctx.res().isCommitted()) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                error(ctx, e.status(), e.code(), e.getMessage(), e.field(), e.limit());
            });
            // Anything that reaches PostgreSQL and finds it unreachable or too slow: the caller should try again later;
            // the
            // driver's words (hosts, tables, SQL) stay in the log.
            c.routes.exception(java.sql.SQLException.class, (e, ctx) -> {
                log.warn("{} {}: PostgreSQL failed: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, 503, "unavailable", "the database is unreachable; try again shortly", null, null);
            });
            c.routes.exception(ExecBackend.BackendUnavailableException.class, (e, ctx) -> {
                // The message names nodes and addresses of the installation: the log keeps it, the caller learns what
                // to do.
                log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(
                        ctx,
                        503,
                        "unavailable",
                        "the sandbox's node cannot be reached right now; try again shortly",
                        null,
                        null);
            });
            c.routes.exception(HttpResponseException.class, (e, ctx) -> {
                int status = e.getStatus();
                error(
                        ctx,
                        status,
                        status == 413 ? "too_large" : status >= 500 ? "internal" : "invalid_request",
                        status == 413
                                ? "the request body is larger than " + MAX_BODY_BYTES + " bytes"
                                : "the request was refused (HTTP " + status + ")",
                        null,
                        null);
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
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
            c.routes.error(404, ctx -> {
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
            c.routes.error(
                    405,
                    ctx -> error(
                            ctx,
                            405,
                            "method_not_allowed",
                            ctx.method() + " is not allowed on " + Errors.quoted(ctx.path(), 200),
                            null,
                            null));
            // Last, so that every other WebSocket route wins: sockets to preview hosts, whatever their path.
            c.routes.ws("/<path>", preview::configureSocket);
        });
    }

    public SandboxGateway start() {
        sandboxes.startCache();
        app.start();
        log.info("gateway listening on http://{}:{}", config.host(), port());
        return this;
    }

    /** The port the gateway listens on (the configured one until it has started). */
    private int listeningPort() {
        Javalin started = app;
        return started == null || config.port() != 0 ? config.port() : started.port();
    }

    public int port() {
        return app.port();
    }

    /**
     * Every HTTP route of the gateway as {@code METHOD path} (path templates as registered, e.g.
     * {@code POST /v1/sandboxes/{id}/stop}), for tests that must cover each route.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .toList();
    }

    /**
     * Every WebSocket route of the gateway by its path template (e.g. {@code /v1/sandboxes/{id}/exec/ws}), for tests that
     * must cover each route.
     */
    public List<String> webSocketRoutes() {
        return app.unsafe.internalRouter.allWsHandlers().stream()
                .filter(e -> e.getType() == io.javalin.websocket.WsHandlerType.WEBSOCKET)
                .map(e -> e.getPath())
                .toList();
    }

    private void create(Context ctx) {
        CreateSandboxRequest request = Json.read(ctx.body(), CreateSandboxRequest.class);
        // Query parameters are checked before anything is created.
        boolean wait = wantsWait(ctx);
        Duration timeout = waitTimeout(ctx, config);
        TemplateSandboxes.Created made = sandboxes.createForWait(caller(ctx), request);
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
        json(ctx, 201, SandboxView.from(created));
    }

    private void list(Context ctx) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String filter : ctx.queryParams("label")) {
            Map.Entry<String, String> label = UserLabels.selector(filter, "label");
            labels.put(label.getKey(), label.getValue());
        }
        List<SandboxView> items = sandboxes.list(tenant(ctx), ctx.queryParam("status"), labels).stream()
                .map(SandboxView::from)
                .toList();
        json(ctx, 200, Map.of("items", items));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        sandboxes.delete(tenant(ctx), id);
        if (wantsWait(ctx)) {
            sandboxes.await(id, s -> false, waitTimeout(ctx, config));
        }
        ctx.status(204);
    }

    private void get(Context ctx) {
        Sandbox sandbox = sandboxes.get(tenant(ctx), ctx.pathParam("id"));
        activity.record(sandbox, "get");
        json(ctx, 200, SandboxView.from(sandbox));
    }

    /** The tenant's sandbox on its node, with the call recorded as activity; 409 when it is on no node yet. */
    private SandboxTarget target(Context ctx, String kind) {
        return targetOf(sandboxes.getForUse(tenant(ctx), ctx.pathParam("id"), SandboxGateway::onNode), kind);
    }

    /**
     * As {@link #target}, and 409 unless the sandbox is Running. A paused sandbox is resumed first (and waited for) when
     * the request says {@code ?resume=true}; otherwise the 409 says how to resume it.
     */
    private SandboxTarget runningTarget(Context ctx, String kind) {
        boolean resume = booleanQuery(ctx, "resume");
        Duration resumeWait = resume ? waitTimeout(ctx, config) : null;
        Sandbox sandbox = sandboxes.getForUse(tenant(ctx), ctx.pathParam("id"), s -> onNode(s) && running(s));
        SandboxView view = SandboxView.from(sandbox);
        boolean paused = SandboxPhase.Paused.name().equals(view.phase())
                || sandbox.getSpec().getDesiredState() == dev.sandbox.crd.DesiredState.Paused;
        if (paused && resume) {
            sandbox = lifecycle.resumeAndWait(tenant(ctx), view.id(), resumeWait);
            view = SandboxView.from(sandbox);
        } else if (paused) {
            throw ApiException.conflict("sandbox '" + view.id()
                    + "' is Paused; commands run only in a running sandbox: resume it with POST /v1/sandboxes/"
                    + view.id() + "/resume, or add ?resume=true to this call to resume it and run the command");
        }
        if (!SandboxPhase.Running.name().equals(view.phase()) || view.containerId() == null) {
            throw ApiException.conflict("sandbox '" + view.id() + "' is " + view.phase()
                    + ", not Running; commands run only in a running sandbox");
        }
        return targetOf(sandbox, kind);
    }

    private static boolean booleanQuery(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return false;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ApiException.invalid(name, "'" + name + "' must be true or false");
        }
        return value.equals("true");
    }

    private static boolean running(Sandbox sandbox) {
        SandboxView view = SandboxView.from(sandbox);
        return SandboxPhase.Running.name().equals(view.phase()) && view.containerId() != null;
    }

    private static boolean onNode(Sandbox sandbox) {
        return nodeOf(sandbox) != null;
    }

    private static String nodeOf(Sandbox sandbox) {
        return sandbox.getStatus() != null && sandbox.getStatus().getNodeName() != null
                ? sandbox.getStatus().getNodeName()
                : sandbox.getSpec().getNodeName();
    }

    private SandboxTarget targetOf(Sandbox sandbox, String kind) {
        String id = sandbox.getMetadata().getName();
        activity.record(sandbox, kind);
        String node = nodeOf(sandbox);
        if (node == null) {
            throw ApiException.conflict("sandbox '" + id + "' is not on a node yet; try again shortly");
        }
        return new SandboxTarget(
                id, sandbox.getMetadata().getUid(), node, sandbox.getSpec().getExecEnv());
    }

    private void forward(Context ctx, String kind) throws IOException {
        nodes.forward(ctx, target(ctx, kind));
    }

    /**
     * The file API on one of the sandbox's volumes: {@code workspace}, or a network volume by the tenant's name for it,
     * which the node agent knows by its resource name. A name the sandbox does not mount is a 404 here, worded as the
     * node agent words it.
     */
    private void forwardVolumeFiles(Context ctx) throws IOException {
        Sandbox sandbox = sandboxes.getForUse(tenant(ctx), ctx.pathParam("id"), SandboxGateway::onNode);
        String volumeId = ctx.pathParam("volumeId");
        String onNode = volumeId;
        if (!"workspace".equals(volumeId)) {
            onNode = sandbox.getSpec().getMounts().stream()
                    .filter(m -> TenantVolumes.nameOf(m).equals(volumeId))
                    .map(dev.sandbox.crd.SandboxMount::getVolume)
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("the sandbox mounts no volume named '"
                            + Errors.quoted(volumeId) + "'; its own is 'workspace'"));
        }
        nodes.forwardVolume(ctx, targetOf(sandbox, "files"), onNode);
    }

    /** When the sandbox was last used through this gateway. */
    public Optional<Instant> lastActivity(String sandboxId) {
        return activity.lastActivity(sandboxId);
    }

    private void usage(Context ctx) {
        Sandbox sandbox = sandboxes.get(tenant(ctx), ctx.pathParam("id"));
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
        List<UsageHistoryView.Sample> samples =
                rows.stream().limit(limit).map(UsageHistoryView.Sample::from).toList();
        json(ctx, 200, new UsageHistoryView(sandbox.getMetadata().getName(), since.toString(), samples, truncated));
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

    static boolean wantsWait(Context ctx) {
        String wait = ctx.queryParam("wait");
        if (wait == null) {
            return false;
        }
        if (!wait.equals("true") && !wait.equals("false")) {
            throw ApiException.invalid("wait", "'wait' must be true or false");
        }
        return wait.equals("true");
    }

    static Duration waitTimeout(Context ctx, GatewayConfig config) {
        String value = ctx.queryParam("waitTimeoutSeconds");
        if (value == null) {
            return config.defaultWait();
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1 || seconds > config.maxWait().toSeconds()) {
                throw ApiException.invalid(
                        "waitTimeoutSeconds",
                        "'waitTimeoutSeconds' must be between 1 and "
                                + config.maxWait().toSeconds());
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("waitTimeoutSeconds", "'waitTimeoutSeconds' must be a whole number of seconds");
        }
    }

    private static String tenant(Context ctx) {
        return ctx.attribute(TENANT);
    }

    private static KeyOwner caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    /** Resolves the key, then takes one request from the tenant's rate. */
    private void authenticate(Context ctx) {
        KeyOwner caller = auth.caller(ctx.header("Authorization"));
        ctx.attribute(CALLER, caller);
        ctx.attribute(TENANT, caller.tenant());
        rates.acquire(caller.tenant(), caller.limits().requestsPerSecond());
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
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
        json(ctx, status, Map.of("error", error));
    }

    /**
     * Stops taking new connections, reports not ready, waits up to {@code grace} for the calls in flight to finish, then
     * stops. What is still running after {@code grace} (long streams) is cut off.
     */
    public void drainAndClose(Duration grace) {
        health.startDraining();
        Server jetty = server.get();
        if (jetty != null) {
            for (Connector connector : jetty.getConnectors()) {
                if (connector instanceof NetworkConnector listening) {
                    // Closes the listening socket only: open connections and their calls go on.
                    listening.close();
                }
            }
        }
        int pending = health.inFlight();
        if (pending > 0) {
            log.info("waiting up to {} s for {} calls in flight", grace.toSeconds(), pending);
        }
        try {
            if (!health.awaitIdle(grace)) {
                log.warn("{} calls still running after {} s are cut off", health.inFlight(), grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        app.stop();
        e2b.close();
        sandboxes.stopCache();
        sandboxes.templates().close();
        activity.close();
    }
}
