package dev.sandbox.operator.agent;

import dev.sandbox.agent.AgentPaths;
import dev.sandbox.db.DaemonThreads;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerNotRunningException;
import dev.sandbox.operator.runtime.ContainerPathNotFoundException;
import dev.sandbox.operator.runtime.RuntimeUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: a small internal HTTP API through which the gateway reaches the sandboxes of this node (exec,
 * streams, files, logs, stats, ports). One per operator instance.
 *
 * <p>Every call under {@code /agent/v1} needs {@code Authorization: Bearer <agent token>}, a secret shared with the
 * gateway. The agent listens on loopback by default; sandboxes cannot reach it (they have no network, or a bridge of
 * their own). Sandboxes are addressed by their resource UID, and only containers and volumes this node's operator
 * made for that UID are ever touched.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final OperatorConfig config;
    private final byte[] token;
    /** Command deadlines. */
    private final ScheduledExecutorService scheduler;
    /** Keepalive comments of event streams: a write to a slow client may block, so never on the deadlines' threads. */
    private final ScheduledExecutorService keepalives;

    private final Javalin app;

    public NodeAgent(OperatorConfig config, ContainerIo io, AgentLimits limits) {
        if (config.agentToken() == null || config.agentToken().length() < 16) {
            throw new IllegalArgumentException("the node agent token must be at least 16 characters");
        }
        this.config = config;
        this.token = config.agentToken().getBytes(StandardCharsets.UTF_8);
        this.keepalives = Executors.newScheduledThreadPool(4, DaemonThreads.named("node-agent-keepalive"));
        this.scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("node-agent-timer"));
        SandboxLocator locator = new SandboxLocator(io, config.installation(), config.nodeName());
        ExecPolicy policy = new ExecPolicy(ExecUsers.parse(config.execUsers()));
        ExecEndpoints exec = new ExecEndpoints(io, locator, policy, keepalives, limits.keepalive());
        ExecSocket execSocket = new ExecSocket(io, locator, policy, scheduler);
        FileEndpoints files = new FileEndpoints(locator, io, limits);
        PortProxy ports = new PortProxy(locator);
        ProcessEndpoints processes = new ProcessEndpoints(locator, policy, new BackgroundProcesses(io, scheduler));
        ObserveEndpoints observe = new ObserveEndpoints(io, locator, keepalives, limits.keepalive());
        this.app = Javalin.create(c -> {
            c.jetty.host = config.agentHost();
            c.jetty.port = config.agentPort();
            // Streams hold a thread each for their whole life: leave room for many at once.
            c.jetty.threadPool = new QueuedThreadPool(500, 4, 60_000);
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = 1 << 20;
            // Multipart uploads are spooled to disk by Jetty, never held in memory.
            c.jetty.multipartConfig.maxFileSize(limits.maxUploadBytes(), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(limits.maxUploadBytes() + (1 << 20), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxInMemoryFileSize(1 << 20, SizeUnit.BYTES);
            c.routes.get(AgentPaths.HEALTH, ctx -> json(ctx, 200, Map.of("status", "ok", "node", config.nodeName())));
            c.routes.before(AgentPaths.PREFIX + "/*", this::authenticate);
            c.routes.wsBeforeUpgrade(AgentPaths.PREFIX + "/*", this::authenticate);
            // Whether a node port is free for publishing, asked by the gateway before it accepts a sandbox that names
            // one.
            c.routes.get(AgentPaths.NODE_PORT, ctx -> {
                int port = parsePort(ctx.pathParam("port"));
                String transport = "udp".equals(ctx.queryParam("transport")) ? "udp" : "tcp";
                json(
                        ctx,
                        200,
                        Map.of(
                                "port",
                                port,
                                "transport",
                                transport,
                                "free",
                                dev.sandbox.operator.network.PortAllocator.canBind(
                                        config.publishHostAddress(), port, transport)));
            });
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.EXEC, exec::exec);
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.EXEC_STREAM, exec::stream);
            c.routes.ws(AgentPaths.SANDBOX + AgentPaths.EXEC_SOCKET, execSocket::configure);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.FILES, files::list);
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.DIRECTORIES, files::makeDirectory);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.FILE, files::read);
            c.routes.put(AgentPaths.SANDBOX + AgentPaths.FILE, files::write);
            c.routes.delete(AgentPaths.SANDBOX + AgentPaths.FILE, files::delete);
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.UPLOAD, files::upload);
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.RENAME, files::rename);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.EXPORT, files::export);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.LOGS, observe::logs);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.STATS, observe::stats);
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.PROCESSES, processes::start);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.PROCESSES, processes::list);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.PROCESS, processes::get);
            c.routes.delete(AgentPaths.SANDBOX + AgentPaths.PROCESS, processes::delete);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.PROCESS_OUTPUT, processes::output);
            c.routes.post(AgentPaths.SANDBOX + AgentPaths.PROCESS_SIGNAL, processes::signal);
            c.routes.get(AgentPaths.SANDBOX + AgentPaths.PROCESS_WAIT, processes::await);
            for (String name : AgentPaths.PORT_METHODS) {
                HandlerType method = HandlerType.findOrCreate(name);
                c.routes.addHttpHandler(method, AgentPaths.SANDBOX + AgentPaths.PORT, ports::http);
                c.routes.addHttpHandler(method, AgentPaths.SANDBOX + AgentPaths.PORT_PATH, ports::http);
            }
            c.routes.ws(AgentPaths.SANDBOX + AgentPaths.PORT, ports::configureSocket);
            c.routes.ws(AgentPaths.SANDBOX + AgentPaths.PORT_PATH, ports::configureSocket);
            c.routes.exception(
                    AgentException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
            c.routes.exception(
                    ContainerNotRunningException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage(), null));
            c.routes.exception(
                    ContainerPathNotFoundException.class,
                    (e, ctx) -> error(ctx, 404, "not_found", e.getMessage(), null));
            c.routes.exception(
                    RuntimeUnavailableException.class,
                    (e, ctx) -> error(ctx, 503, "unavailable", e.getMessage(), null));
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.error("agent: {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal", "node agent error: " + e.getMessage(), null);
            });
            c.routes.error(404, ctx -> {
                if (!ctx.res().isCommitted()
                        && (ctx.result() == null || ctx.result().isEmpty())) {
                    error(ctx, 404, "not_found", "no such agent endpoint: " + ctx.method() + " " + ctx.path(), null);
                }
            });
        });
    }

    public NodeAgent start() {
        app.start();
        log.info("node agent of node {} listening on {}", config.nodeName(), url());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The URL the gateway uses to reach this agent. A wildcard listen address is replaced by this host's address. */
    public String url() {
        String host = config.agentHost();
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // Constant time for tokens of the right length, so timing does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(presented, token)) {
            throw new AgentException(
                    401, "unauthorized", "the node agent needs 'Authorization: Bearer <agent token>'", null);
        }
    }

    private static int parsePort(String text) {
        if (text == null
                || !text.matches("[0-9]{1,5}")
                || Integer.parseInt(text) < 1
                || Integer.parseInt(text) > 65535) {
            throw new AgentException(400, "invalid_request", "port must be a number from 1 to 65535", "port");
        }
        return Integer.parseInt(text);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(AgentJson.write(body));
    }

    private static void error(Context ctx, int status, String code, String message, String field) {
        if (ctx.res().isCommitted()) {
            log.debug("agent: {} {} failed after the answer had started: {}", ctx.method(), ctx.path(), message);
            return;
        }
        ctx.status(status).contentType("application/json").result(AgentJson.error(code, message, field));
    }

    @Override
    public void close() {
        app.stop();
        scheduler.shutdownNow();
        keepalives.shutdownNow();
    }
}
