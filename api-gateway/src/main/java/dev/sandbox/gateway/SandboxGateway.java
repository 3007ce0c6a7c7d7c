package dev.sandbox.gateway;

import dev.sandbox.agent.AgentPaths;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.PreviewSubdomains;
import dev.sandbox.db.SandboxActivity;
import dev.sandbox.db.TenantAdministration;
import dev.sandbox.db.UsageSamples;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
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

    private static final String PREVIEW_SOCKET = "preview-socket-upgrade";
    /** What probes and scrapers call: logged at DEBUG while they succeed. */
    private static final Set<String> PROBE_PATHS = Set.of("/healthz", "/readyz", "/metrics");

    private final QueryRules queryRules;
    private final GatewayConfig config;
    private final SandboxService sandboxes;
    private final Authenticator auth;
    private final WaitQuery waiting;
    private final SandboxTargets targets;
    private final SandboxHandlers sandboxHandlers;
    private final ExecRoutes exec;
    private final NodeRoutes nodes;
    private final PreviewRoutes preview;
    private final PreviewLinks previewLinks;
    private final LifecycleHandlers lifecycle;
    private final SnapshotHandlers snapshots;
    private final NetworkVolumeHandlers volumes;
    private final TemplateHandlers templates;
    private final GatewayMetrics metrics;
    private final ActivityRecorder activity;
    private final AdminHandlers admin;
    private final RateLimiter rates = new RateLimiter(System::nanoTime);
    private final E2bApi e2b;
    private final GatewayHealth health;
    private final OpenApiDocument openApi = OpenApiDocument.load();
    private final AtomicReference<Server> server = new AtomicReference<>();
    /**
     * Counts every call from the moment Jetty hands it over until Jetty has completed its answer (the last bytes
     * written), and refuses new calls with 503 once a drain has begun.
     */
    private final GracefulHandler calls = new GracefulHandler();

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
        this.metrics = new GatewayMetrics(client, config.namespace());
        this.activity = new ActivityRecorder(
                new SandboxActivity(database), config.activityFlushInterval(), metrics::sandboxCall);
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
        this.waiting = new WaitQuery(config);
        this.exec = new ExecRoutes(config, execBackend);
        this.nodes = new NodeRoutes(nodes);
        this.lifecycle = new LifecycleHandlers(sandboxes, waiting);
        this.targets = new SandboxTargets(sandboxes, lifecycle);
        UsageSamples usage = new UsageSamples(database);
        this.sandboxHandlers = new SandboxHandlers(sandboxes, waiting, usage);
        this.snapshots = new SnapshotHandlers(sandboxes, waiting);
        this.volumes = new NetworkVolumeHandlers(client, sandboxes, config, waiting);
        this.templates = new TemplateHandlers(client, sandboxes);
        // Preview tokens are signed with a key derived from the agent token, which every gateway of an installation
        // shares.
        PreviewTokens tokens = PreviewTokens.derivedFrom(
                config.agentToken() != null
                        ? config.agentToken()
                        : UUID.randomUUID().toString(),
                Clock.systemUTC());
        PreviewHosts previewHosts = new PreviewHosts(config.previewUrl());
        this.preview = new PreviewRoutes(sandboxes, new PreviewAccess(auth, tokens), previewHosts, nodes, activity);
        this.previewLinks = new PreviewLinks(tokens, previewHosts);
        this.e2b = new E2bApi(config, sandboxes, auth, activity, usage, execBackend, nodes);
        this.queryRules = QueryRules.forGateway(config);
        this.health = new GatewayHealth(sandboxes.cache()::synced, database);
        this.app = Javalin.create(c -> {
            c.jetty.modifyServer(jetty -> {
                server.set(jetty);
                // Javalin puts its servlet inside the innermost wrapper, so every call passes through the count.
                jetty.setHandler(calls);
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
                // Probes come every few seconds: their lines would drown the calls a person wants to see.
                if (PROBE_PATHS.contains(ctx.path()) && ctx.statusCode() < 400) {
                    log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
                } else {
                    log.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
                }
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
            c.routes.get("/healthz", ctx -> Json.answer(ctx, 200, Map.of("status", "ok")));
            // Like /healthz, outside /v1: tools and people read the API's description before they have a key.
            c.routes.get(
                    "/openapi.json",
                    ctx -> ctx.status(200).contentType("application/json").result(openApi.json()));
            c.routes.get("/readyz", ctx -> {
                Map<String, String> checks = health.readiness();
                boolean ready = GatewayHealth.allOk(checks);
                Json.answer(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready", "checks", checks));
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
            c.routes.post("/v1/sandboxes", ctx -> sandboxHandlers.create(ctx, caller(ctx)));
            c.routes.get("/v1/sandboxes", ctx -> sandboxHandlers.list(ctx, tenant(ctx)));
            c.routes.get("/v1/sandboxes/{id}", ctx -> sandboxHandlers.get(ctx, tenant(ctx)));
            c.routes.delete("/v1/sandboxes/{id}", ctx -> sandboxHandlers.delete(ctx, tenant(ctx)));
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
            c.routes.get("/v1/sandboxes/{id}/usage", ctx -> sandboxHandlers.usage(ctx, tenant(ctx)));
            // The body is checked before a paused sandbox is resumed for it (?resume=true), so a bad one changes
            // nothing.
            c.routes.post("/v1/sandboxes/{id}/exec", ctx -> {
                exec.spec(ctx.body());
                exec.exec(ctx, running(ctx, ActivityKind.EXEC));
            });
            c.routes.post("/v1/sandboxes/{id}/exec/stream", ctx -> {
                exec.spec(ctx.body());
                exec.stream(ctx, running(ctx, ActivityKind.EXEC));
            });
            c.routes.wsBeforeUpgrade(
                    "/v1/sandboxes/{id}/exec/ws",
                    ctx -> ctx.attribute(ExecRoutes.TARGET, running(ctx, ActivityKind.EXEC)));
            c.routes.ws("/v1/sandboxes/{id}/exec/ws", exec::configureSocket);
            c.routes.get("/v1/sandboxes/{id}/volumes/{volumeId}/files", this::forwardVolumeFiles);
            c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/directories", this::forwardVolumeFiles);
            c.routes.get("/v1/sandboxes/{id}/volumes/{volumeId}/file", this::forwardVolumeFiles);
            c.routes.put("/v1/sandboxes/{id}/volumes/{volumeId}/file", this::forwardVolumeFiles);
            c.routes.delete("/v1/sandboxes/{id}/volumes/{volumeId}/file", this::forwardVolumeFiles);
            c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/upload", this::forwardVolumeFiles);
            c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/rename", this::forwardVolumeFiles);
            c.routes.get("/v1/sandboxes/{id}/export", ctx -> forward(ctx, ActivityKind.EXPORT));
            c.routes.get("/v1/sandboxes/{id}/logs", ctx -> forward(ctx, ActivityKind.LOGS));
            c.routes.get("/v1/sandboxes/{id}/stats", ctx -> forward(ctx, ActivityKind.STATS));
            c.routes.post(
                    "/v1/sandboxes/{id}/processes",
                    ctx -> this.nodes.forwardCommand(ctx, running(ctx, ActivityKind.PROCESSES)));
            c.routes.get("/v1/sandboxes/{id}/processes", ctx -> forward(ctx, ActivityKind.PROCESSES));
            c.routes.get("/v1/sandboxes/{id}/processes/{processId}", ctx -> forward(ctx, ActivityKind.PROCESSES));
            c.routes.delete("/v1/sandboxes/{id}/processes/{processId}", ctx -> forward(ctx, ActivityKind.PROCESSES));
            c.routes.get(
                    "/v1/sandboxes/{id}/processes/{processId}/output", ctx -> forward(ctx, ActivityKind.PROCESSES));
            c.routes.post(
                    "/v1/sandboxes/{id}/processes/{processId}/signal", ctx -> forward(ctx, ActivityKind.PROCESSES));
            c.routes.get("/v1/sandboxes/{id}/processes/{processId}/wait", ctx -> forward(ctx, ActivityKind.PROCESSES));
            c.routes.post("/v1/sandboxes/{id}/preview-token", ctx -> {
                previewLinks.issueToken(
                        ctx, sandboxes.use(tenant(ctx), ctx.pathParam("id"), ActivityKind.PREVIEW_TOKEN));
            });
            for (String name : AgentPaths.PORT_METHODS) {
                HandlerType method = HandlerType.findOrCreate(name);
                c.routes.addHttpHandler(method, "/v1/sandboxes/{id}/ports/{port}", preview::servePath);
                c.routes.addHttpHandler(method, "/v1/sandboxes/{id}/ports/{port}/<rest>", preview::servePath);
            }
            c.routes.ws("/v1/sandboxes/{id}/ports/{port}", preview::configureSocket);
            c.routes.ws("/v1/sandboxes/{id}/ports/{port}/<rest>", preview::configureSocket);
            // The E2B-compatible API at the root: E2B's control plane (/sandboxes ...) and data plane (/files, Connect
            // services).
            e2b.register(c.routes);
            ErrorAnswers.register(c.routes, MAX_BODY_BYTES);
            // Last, so that every other WebSocket route wins: sockets to preview hosts, whatever their path.
            c.routes.ws("/<path>", preview::configureSocket);
        });
    }

    public SandboxGateway start() {
        sandboxes.cache().start();
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

    /** A Running sandbox's target, resuming a paused one first when the call says {@code ?resume=true}. */
    private SandboxTarget running(Context ctx, ActivityKind kind) {
        Duration resumeWait = WaitQuery.flag(ctx, "resume") ? waiting.timeout(ctx) : null;
        return targets.running(tenant(ctx), ctx.pathParam("id"), kind, resumeWait);
    }

    private void forward(Context ctx, ActivityKind kind) throws IOException {
        nodes.forward(ctx, targets.onNode(tenant(ctx), ctx.pathParam("id"), kind));
    }

    private void forwardVolumeFiles(Context ctx) throws IOException {
        SandboxTargets.VolumeTarget volume =
                targets.volume(tenant(ctx), ctx.pathParam("id"), ctx.pathParam("volumeId"));
        nodes.forwardVolume(ctx, volume.target(), volume.volumeOnNode());
    }

    /** The last call on the sandbox through this gateway (when, and what kind), if there was one since it started. */
    public Optional<LastActivity> lastActivity(String sandboxId) {
        return activity.lastActivity(sandboxId);
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

    /**
     * Reports not ready, stops taking new connections and refuses new calls on open ones (503), waits up to
     * {@code grace} until Jetty has sent the whole answer of every call in flight, then stops. What is still running
     * after {@code grace} (long streams) is cut off.
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
        long pending = calls.getCurrentRequestCount();
        if (pending > 0) {
            log.info("waiting up to {} s for {} calls in flight", grace.toSeconds(), pending);
        }
        try {
            calls.shutdown().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "{} calls still running after {} s are cut off", calls.getCurrentRequestCount(), grace.toSeconds());
        } catch (ExecutionException e) {
            log.warn("waiting for the calls in flight failed; stopping now", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        app.stop();
        e2b.close();
        sandboxes.cache().stop();
        sandboxes.templates().close();
        activity.close();
    }
}
