package dev.sandbox.gateway;

import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.AgentExecResult;
import dev.sandbox.agent.ClientSocket;
import dev.sandbox.agent.ExecLimits;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Exec in its three forms: collected ({@code POST .../exec}), Server-Sent Events and WebSocket. */
final class ExecRoutes {
    static final String TARGET = "sandbox-target";
    private static final Logger log = LoggerFactory.getLogger(ExecRoutes.class);

    private final GatewayConfig config;
    private final ExecBackend backend;
    private final WebSocketRelay relay = new WebSocketRelay();

    ExecRoutes(GatewayConfig config, ExecBackend backend) {
        this.config = config;
        this.backend = backend;
    }

    /** Parses and checks a request; the node checks the rest (user, workdir, environment). */
    AgentExecRequest spec(String body) {
        return spec(body, false);
    }

    /**
     * As {@link #spec(String)}; {@code interactive} says whether the request came over the WebSocket, the only form
     * that can carry standard input and a terminal.
     */
    AgentExecRequest spec(String body, boolean interactive) {
        ExecRequest request = Json.read(body, ExecRequest.class);
        List<String> command = Commands.parse(request.command(), "command");
        if (command == null) {
            throw ApiException.invalid("command", "'command' is required");
        }
        int timeout = request.timeoutSeconds() == null ? ExecLimits.DEFAULT_TIMEOUT_SECONDS : request.timeoutSeconds();
        if (timeout < 1 || timeout > ExecLimits.MAX_TIMEOUT_SECONDS) {
            throw ApiException.invalid(
                    "timeoutSeconds", "'timeoutSeconds' must be between 1 and " + ExecLimits.MAX_TIMEOUT_SECONDS);
        }
        List<dev.sandbox.crd.FieldError> errors = new java.util.ArrayList<>();
        long chars = dev.sandbox.crd.SpecValidator.checkCommand("command", command, errors);
        if (chars > dev.sandbox.crd.SpecValidator.MAX_COMMAND_CHARS) {
            errors.add(new dev.sandbox.crd.FieldError(
                    "command",
                    "has " + chars + " characters; at most " + dev.sandbox.crd.SpecValidator.MAX_COMMAND_CHARS
                            + " are allowed"));
        }
        dev.sandbox.crd.SpecValidator.checkEnvironment(request.environment(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(
                    errors.get(0).field(),
                    errors.get(0).field() + " " + errors.get(0).message());
        }
        if (request.workdir() != null && request.workdir().length() > ExecLimits.MAX_WORKDIR_CHARS) {
            throw ApiException.invalid(
                    "workdir", "'workdir' must be at most " + ExecLimits.MAX_WORKDIR_CHARS + " characters");
        }
        if (request.user() != null && request.user().length() > ExecLimits.MAX_USER_CHARS) {
            throw ApiException.invalid("user", "'user' must be at most " + ExecLimits.MAX_USER_CHARS + " characters");
        }
        boolean tty = Boolean.TRUE.equals(request.tty());
        if (!tty && (request.columns() != null || request.rows() != null)) {
            throw ApiException.invalid(
                    request.columns() != null ? "columns" : "rows",
                    "'columns' and 'rows' size a terminal: send \"tty\": true with them");
        }
        if (tty && !interactive) {
            throw ApiException.invalid("tty", "a terminal needs the WebSocket exec (GET .../exec/ws)");
        }
        // A terminal is for typing into: it always takes standard input.
        return new AgentExecRequest(
                command,
                timeout,
                request.workdir(),
                request.environment(),
                request.user(),
                tty || Boolean.TRUE.equals(request.stdin()),
                config.maxExecOutputBytes(),
                tty ? Boolean.TRUE : null,
                tty ? cells("columns", request.columns(), ExecLimits.DEFAULT_COLUMNS) : null,
                tty ? cells("rows", request.rows(), ExecLimits.DEFAULT_ROWS) : null);
    }

    /**
     * The command's environment on top of the sandbox's claim-time environment ({@code spec.execEnv}): variables given
     * when a pooled sandbox was claimed reach every command without a new container.
     */
    static AgentExecRequest withSandboxEnv(AgentExecRequest spec, SandboxTarget target) {
        if (target.execEnv() == null || target.execEnv().isEmpty()) {
            return spec;
        }
        Map<String, String> env = new LinkedHashMap<>(target.execEnv());
        if (spec.environment() != null) {
            env.putAll(spec.environment());
        }
        return spec.withEnvironment(env);
    }

    private static int cells(String field, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > ExecLimits.MAX_TERMINAL_CELLS) {
            throw ApiException.invalid(field, "'" + field + "' must be between 1 and " + ExecLimits.MAX_TERMINAL_CELLS);
        }
        return value;
    }

    void exec(Context ctx, SandboxTarget target) {
        AgentExecRequest spec = withSandboxEnv(spec(ctx.body()), target);
        // The node's answer has the fields of the REST answer: it is passed on as it came.
        AgentExecResult out = backend.exec(target, spec);
        ctx.status(200).contentType("application/json").result(Json.write(out));
    }

    /**
     * {@code text/event-stream} written by hand: it works whatever the client sends as {@code Accept} (Javalin's SSE
     * helper needs {@code Accept: text/event-stream} and answers GET only).
     */
    void stream(Context ctx, SandboxTarget target) {
        AgentExecRequest spec = withSandboxEnv(spec(ctx.body()), target);
        HttpServletResponse response = ctx.res();
        EventWriter writer = new EventWriter(response);
        try {
            backend.stream(target, spec, writer);
        } catch (RuntimeException e) {
            if (!writer.started) {
                throw e;
            }
            if (!writer.broken) {
                // The answer is already an event stream: say what went wrong as an event.
                try {
                    writer.event("error", Json.write(Map.of("message", String.valueOf(e.getMessage()))));
                } catch (IOException gone) {
                    log.debug("client of an exec stream left: {}", gone.toString());
                }
            }
        }
    }

    /** Writes events to the client, flushing each so it arrives at once. */
    private static final class EventWriter implements ExecBackend.EventSink {
        private final HttpServletResponse response;
        private OutputStream out;
        private boolean started;
        private boolean broken;

        EventWriter(HttpServletResponse response) {
            this.response = response;
        }

        @Override
        public synchronized void event(String name, String data) throws IOException {
            write("event: " + name + "\ndata: " + data + "\n\n");
        }

        @Override
        public synchronized void keepalive() throws IOException {
            write(": keepalive\n\n");
        }

        private void write(String text) throws IOException {
            if (!started) {
                started = true;
                response.setStatus(200);
                response.setContentType("text/event-stream");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no");
                out = response.getOutputStream();
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }

    /**
     * The WebSocket exec: the first message is checked here and passed on to the node, everything else is relayed as
     * is in both directions. The protocol is described in docs/rest-api.md.
     */
    void configureSocket(WsConfig ws) {
        relay.configure(ws, ctx -> {
            ctx.session.setIdleTimeout(Duration.ofSeconds(ExecLimits.MAX_TIMEOUT_SECONDS + 60));
            ctx.session.setMaxTextMessageSize(4 << 20);
            ctx.session.setMaxBinaryMessageSize(4 << 20);
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            return new ExecSession(new ClientSocket(ctx), ctx.attribute(TARGET));
        });
    }

    /** One client's exec: its first message is the request, which opens the node's socket; the rest goes on as is. */
    private final class ExecSession implements AgentSocket {
        private final ClientSocket client;
        private final SandboxTarget target;
        private volatile AgentSocket node;

        ExecSession(ClientSocket client, SandboxTarget target) {
            this.client = client;
            this.target = target;
        }

        @Override
        public synchronized void sendText(String message) {
            if (node != null) {
                relay(() -> node.sendText(message));
                return;
            }
            try {
                node = backend.openExecSession(target, withSandboxEnv(spec(message, true), target), client);
            } catch (ApiException e) {
                client.fail(e.code(), e.getMessage(), e.field());
            } catch (RuntimeException e) {
                client.fail("unavailable", e.getMessage(), null);
            }
        }

        @Override
        public synchronized void sendBinary(ByteBuffer data) {
            if (node == null) {
                client.fail("invalid_request", "the first message must be the exec request as JSON text", null);
                return;
            }
            relay(() -> node.sendBinary(data));
        }

        private void relay(Runnable send) {
            try {
                send.run();
            } catch (RuntimeException e) {
                client.fail("unavailable", e.getMessage(), null);
            }
        }

        @Override
        public void close() {
            AgentSocket open = node;
            if (open != null) {
                open.close();
            }
        }
    }
}
