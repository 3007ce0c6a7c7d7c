package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.db.ApiKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST gateway: authenticates API keys, checks input and turns calls into Sandbox resources and node calls. */
public final class SandboxGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxGateway.class);
  private static final String TENANT = "tenant";
  private static final String PREVIEW_SOCKET = "preview-socket-upgrade";

  private final GatewayConfig config;
  private final SandboxService sandboxes;
  private final Authenticator auth;
  private final ExecRoutes exec;
  private final NodeRoutes nodes;
  private final ActivityRecorder activity;
  private final PreviewRoutes preview;
  private final Javalin app;

  /** A gateway that reaches node agents through the ConfigMaps their operators announce, with the configured token. */
  public SandboxGateway(GatewayConfig config, KubernetesClient client, ApiKeys keys) {
    this(config, client, keys, new AgentClient(new NodeAgents(client, config.namespace()), config.agentToken()),
        new InMemoryActivityRecorder());
  }

  private SandboxGateway(GatewayConfig config, KubernetesClient client, ApiKeys keys, AgentClient agents, ActivityRecorder activity) {
    this(config, client, keys, agents, agents, activity);
  }

  /**
   * @param execBackend runs commands on the sandbox's node
   * @param nodes passes other per-sandbox calls (files, logs, stats, ports) to the sandbox's node
   * @param activity records every call on a sandbox
   */
  public SandboxGateway(GatewayConfig config, KubernetesClient client, ApiKeys keys, ExecBackend execBackend, NodeProxy nodes,
      ActivityRecorder activity) {
    this.config = config;
    this.sandboxes = new SandboxService(client, config.namespace());
    this.auth = new Authenticator(keys);
    this.exec = new ExecRoutes(config, execBackend);
    this.nodes = new NodeRoutes(nodes);
    this.activity = activity;
    // Preview tokens are signed with a key derived from the agent token, which every gateway of an installation shares.
    PreviewTokens tokens = PreviewTokens.derivedFrom(config.agentToken() != null ? config.agentToken() : UUID.randomUUID().toString(),
        Clock.systemUTC());
    this.preview = new PreviewRoutes(config, sandboxes, auth, nodes, activity, tokens);
    this.app = Javalin.create(c -> {
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      // Streams (exec, logs, uploads) hold a thread each for their whole life: leave room for many at once.
      c.jetty.threadPool = new QueuedThreadPool(500, 8, 60_000);
      c.startup.showJavalinBanner = false;
      c.http.maxRequestSize = 1 << 20;
      c.requestLogger.http((ctx, ms) -> log.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms)));
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
      c.routes.before("/v1/*", ctx -> {
        // Path-form previews check access themselves: an API key, a preview token or a public sandbox.
        if (!PreviewRoutes.isPathForm(ctx.req().getRequestURI())) {
          ctx.attribute(TENANT, auth.tenant(ctx.header("Authorization")));
        }
      });
      c.routes.wsBeforeUpgrade("/v1/*", ctx -> {
        if (!Boolean.TRUE.equals(ctx.attribute(PREVIEW_SOCKET))) {
          ctx.attribute(TENANT, auth.tenant(ctx.header("Authorization")));
        }
      });
      c.routes.post("/v1/sandboxes", this::create);
      c.routes.get("/v1/sandboxes", this::list);
      c.routes.get("/v1/sandboxes/{id}", this::get);
      c.routes.delete("/v1/sandboxes/{id}", this::delete);
      c.routes.post("/v1/sandboxes/{id}/exec", ctx -> exec.exec(ctx, runningTarget(ctx, "exec")));
      c.routes.post("/v1/sandboxes/{id}/exec/stream", ctx -> exec.stream(ctx, runningTarget(ctx, "exec")));
      c.routes.wsBeforeUpgrade("/v1/sandboxes/{id}/exec/ws", ctx -> ctx.attribute(ExecRoutes.TARGET, runningTarget(ctx, "exec")));
      c.routes.ws("/v1/sandboxes/{id}/exec/ws", exec::configureSocket);
      c.routes.get("/v1/sandboxes/{id}/volumes/{volumeId}/files", ctx -> forward(ctx, "files"));
      c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/directories", ctx -> forward(ctx, "files"));
      c.routes.get("/v1/sandboxes/{id}/volumes/{volumeId}/file", ctx -> forward(ctx, "files"));
      c.routes.put("/v1/sandboxes/{id}/volumes/{volumeId}/file", ctx -> forward(ctx, "files"));
      c.routes.delete("/v1/sandboxes/{id}/volumes/{volumeId}/file", ctx -> forward(ctx, "files"));
      c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/upload", ctx -> forward(ctx, "files"));
      c.routes.post("/v1/sandboxes/{id}/volumes/{volumeId}/rename", ctx -> forward(ctx, "files"));
      c.routes.get("/v1/sandboxes/{id}/export", ctx -> forward(ctx, "export"));
      c.routes.get("/v1/sandboxes/{id}/logs", ctx -> forward(ctx, "logs"));
      c.routes.get("/v1/sandboxes/{id}/stats", ctx -> forward(ctx, "stats"));
      c.routes.post("/v1/sandboxes/{id}/processes", ctx -> this.nodes.forward(ctx, runningTarget(ctx, "processes")));
      c.routes.get("/v1/sandboxes/{id}/processes", ctx -> forward(ctx, "processes"));
      c.routes.get("/v1/sandboxes/{id}/processes/{processId}", ctx -> forward(ctx, "processes"));
      c.routes.delete("/v1/sandboxes/{id}/processes/{processId}", ctx -> forward(ctx, "processes"));
      c.routes.get("/v1/sandboxes/{id}/processes/{processId}/output", ctx -> forward(ctx, "processes"));
      c.routes.post("/v1/sandboxes/{id}/processes/{processId}/signal", ctx -> forward(ctx, "processes"));
      c.routes.get("/v1/sandboxes/{id}/processes/{processId}/wait", ctx -> forward(ctx, "processes"));
      c.routes.post("/v1/sandboxes/{id}/preview-token", ctx -> {
        Sandbox sandbox = sandboxes.get(tenant(ctx), ctx.pathParam("id"));
        activity.record(sandbox.getMetadata().getName(), "preview-token");
        preview.issueToken(ctx, sandbox);
      });
      for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE,
          HandlerType.HEAD, HandlerType.OPTIONS)) {
        c.routes.addHttpHandler(method, "/v1/sandboxes/{id}/ports/{port}", preview::servePath);
        c.routes.addHttpHandler(method, "/v1/sandboxes/{id}/ports/{port}/<rest>", preview::servePath);
      }
      c.routes.ws("/v1/sandboxes/{id}/ports/{port}", preview::configureSocket);
      c.routes.ws("/v1/sandboxes/{id}/ports/{port}/<rest>", preview::configureSocket);
      c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
      c.routes.exception(ExecBackend.BackendUnavailableException.class, (e, ctx) -> error(ctx, 503, "unavailable", e.getMessage(), null));
      c.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal", "internal error: " + e.getMessage(), null);
      });
      c.routes.error(404, ctx -> {
        if (!ctx.res().isCommitted() && (ctx.result() == null || ctx.result().isEmpty())) {
          error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
        }
      });
      c.routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
      // Last, so that every other WebSocket route wins: sockets to preview hosts, whatever their path.
      c.routes.ws("/<path>", preview::configureSocket);
    });
  }

  public SandboxGateway start() {
    app.start();
    log.info("gateway listening on http://{}:{}", config.host(), port());
    return this;
  }

  public int port() {
    return app.port();
  }

  private void create(Context ctx) {
    CreateSandboxRequest request = Json.read(ctx.body(), CreateSandboxRequest.class);
    Sandbox created = sandboxes.create(tenant(ctx), request);
    if (wantsWait(ctx)) {
      Sandbox settled = sandboxes.await(created.getMetadata().getName(), SandboxService::runningOrFailed, waitTimeout(ctx));
      created = settled == null ? created : settled;
    }
    ctx.header("Location", "/v1/sandboxes/" + created.getMetadata().getName());
    json(ctx, 201, SandboxView.from(created));
  }

  private void list(Context ctx) {
    List<SandboxView> items = sandboxes.list(tenant(ctx), ctx.queryParam("status")).stream().map(SandboxView::from).toList();
    json(ctx, 200, Map.of("items", items));
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    sandboxes.delete(tenant(ctx), id);
    if (wantsWait(ctx)) {
      sandboxes.await(id, s -> false, waitTimeout(ctx));
    }
    ctx.status(204);
  }

  private void get(Context ctx) {
    Sandbox sandbox = sandboxes.get(tenant(ctx), ctx.pathParam("id"));
    activity.record(sandbox.getMetadata().getName(), "get");
    json(ctx, 200, SandboxView.from(sandbox));
  }

  /** The tenant's sandbox on its node, with the call recorded as activity; 409 when it is on no node yet. */
  private SandboxTarget target(Context ctx, String kind) {
    return targetOf(sandboxes.get(tenant(ctx), ctx.pathParam("id")), kind);
  }

  /** As {@link #target}, and 409 unless the sandbox is Running. */
  private SandboxTarget runningTarget(Context ctx, String kind) {
    Sandbox sandbox = sandboxes.get(tenant(ctx), ctx.pathParam("id"));
    SandboxView view = SandboxView.from(sandbox);
    if (!SandboxPhase.Running.name().equals(view.phase()) || view.containerId() == null) {
      throw ApiException.conflict("sandbox '" + view.id() + "' is " + view.phase() + ", not Running; commands run only in a running sandbox");
    }
    return targetOf(sandbox, kind);
  }

  private SandboxTarget targetOf(Sandbox sandbox, String kind) {
    String id = sandbox.getMetadata().getName();
    activity.record(id, kind);
    String node = sandbox.getStatus() != null && sandbox.getStatus().getNodeName() != null
        ? sandbox.getStatus().getNodeName() : sandbox.getSpec().getNodeName();
    if (node == null) {
      throw ApiException.conflict("sandbox '" + id + "' is not on a node yet; try again shortly");
    }
    return new SandboxTarget(id, sandbox.getMetadata().getUid(), node);
  }

  private void forward(Context ctx, String kind) throws IOException {
    nodes.forward(ctx, target(ctx, kind));
  }

  /** When the sandbox was last used through this gateway. */
  public Optional<Instant> lastActivity(String sandboxId) {
    return activity.lastActivity(sandboxId);
  }

  private static boolean wantsWait(Context ctx) {
    String wait = ctx.queryParam("wait");
    if (wait == null) {
      return false;
    }
    if (!wait.equals("true") && !wait.equals("false")) {
      throw ApiException.invalid("wait", "'wait' must be true or false");
    }
    return wait.equals("true");
  }

  private Duration waitTimeout(Context ctx) {
    String value = ctx.queryParam("waitTimeoutSeconds");
    if (value == null) {
      return config.defaultWait();
    }
    try {
      long seconds = Long.parseLong(value);
      if (seconds < 1 || seconds > config.maxWait().toSeconds()) {
        throw ApiException.invalid("waitTimeoutSeconds", "'waitTimeoutSeconds' must be between 1 and " + config.maxWait().toSeconds());
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("waitTimeoutSeconds", "'waitTimeoutSeconds' must be a whole number of seconds");
    }
  }

  private static String tenant(Context ctx) {
    return ctx.attribute(TENANT);
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  private static void error(Context ctx, int status, String code, String message, String field) {
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
    json(ctx, status, Map.of("error", error));
  }

  @Override
  public void close() {
    app.stop();
  }
}
