package dev.sandbox.operator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.ExecLimits;
import dev.sandbox.agent.ExecSocketError;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.ExecSignal;
import dev.sandbox.operator.runtime.ExecStream;
import dev.sandbox.operator.runtime.TerminalSize;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../exec/ws}: an interactive command over a WebSocket.
 *
 * <p>Client to server: the first text message is the exec request (JSON, as for {@code POST .../exec}, with
 * {@code "stdin": true} to send input). Then binary messages are raw stdin bytes, and text messages are JSON control
 * messages: {@code {"type":"stdin","data":"text"}}, {@code {"type":"eof"}} (end of input) and
 * {@code {"type":"signal","signal":"INT|TERM|KILL|HUP"}} and, for a command in a terminal ({@code "tty": true}),
 * {@code {"type":"resize","columns":n,"rows":n}}. Server to client: {@code {"type":"stdout|stderr","data":...}},
 * finally {@code {"type":"exit","exitCode":n,"timedOut":b,"durationMs":n}} and a normal close; problems come as
 * {@code {"type":"error","code","message","field"}}. Closing the socket kills the command.
 */
final class ExecSocket {
    private static final Logger log = LoggerFactory.getLogger(ExecSocket.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final ContainerIo io;
    private final SandboxLocator locator;
    private final ExecPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    ExecSocket(ContainerIo io, SandboxLocator locator, ExecPolicy policy, ScheduledExecutorService scheduler) {
        this.io = io;
        this.locator = locator;
        this.policy = policy;
        this.scheduler = scheduler;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            // Quiet commands are normal; the exec timeout bounds the session, not Jetty's idle timeout.
            ctx.session.setIdleTimeout(Duration.ofSeconds(ExecLimits.MAX_TIMEOUT_SECONDS + 60));
            ctx.session.setMaxTextMessageSize(4 << 20);
            ctx.session.setMaxBinaryMessageSize(4 << 20);
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            sessions.put(ctx.sessionId(), new Session(ctx));
        });
        ws.onMessage(this::text);
        ws.onBinaryMessage(this::binary);
        ws.onClose(ctx -> gone(ctx.sessionId()));
        ws.onError(ctx -> gone(ctx.sessionId()));
    }

    private void gone(String sessionId) {
        Session session = sessions.remove(sessionId);
        if (session != null) {
            session.clientGone();
        }
    }

    private void text(WsMessageContext ctx) {
        Session session = sessions.get(ctx.sessionId());
        if (session == null) {
            return;
        }
        if (session.stream == null) {
            session.start(ctx.message(), ctx.pathParam("uid"));
            return;
        }
        JsonNode message;
        try {
            message = AgentJson.MAPPER.readTree(ctx.message());
        } catch (IOException e) {
            session.error("invalid_request", "control messages are JSON objects such as {\"type\":\"eof\"}", null);
            return;
        }
        String type = message.path("type").asText("");
        switch (type) {
            case "stdin" -> session.stdin(message.path("data").asText("").getBytes(StandardCharsets.UTF_8));
            case "eof" -> session.eof();
            case "resize" -> session.resize(message);
            case "signal" -> {
                var signal = ExecSignal.parse(message.path("signal").asText(null));
                if (signal.isEmpty()) {
                    session.error("invalid_request", "unknown signal; use one of " + ExecSignal.names(), "signal");
                } else {
                    session.stream.signal(signal.get());
                }
            }
            default ->
                session.error(
                        "invalid_request",
                        "unknown message type '" + type + "'; use stdin, eof, signal or resize",
                        "type");
        }
    }

    private void binary(WsBinaryMessageContext ctx) {
        Session session = sessions.get(ctx.sessionId());
        if (session == null) {
            return;
        }
        if (session.stream == null) {
            session.fail("invalid_request", "the first message must be the exec request as JSON text", null);
            return;
        }
        ByteBuffer buffer = ctx.data();
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        session.stdin(data);
    }

    /** One client's command. */
    private final class Session {
        private final WsContext ctx;
        private final Utf8Chunks out = new Utf8Chunks();
        private final Utf8Chunks err = new Utf8Chunks();
        private volatile ExecStream stream;
        private volatile boolean stdinWanted;
        private volatile boolean timedOut;
        private ScheduledFuture<?> deadline;

        Session(WsContext ctx) {
            this.ctx = ctx;
        }

        void start(String requestJson, String uid) {
            ExecPlan plan;
            ContainerState container;
            try {
                AgentExecRequest request = AgentJson.read(requestJson, AgentExecRequest.class);
                container = locator.running(uid);
                plan = policy.plan(request, locator.userOf(container), true);
                stdinWanted = plan.command().stdin();
                stream = io.startExec(container.id(), plan.command(), (isStderr, data) -> {
                    String text = (isStderr ? err : out).decode(data);
                    if (!text.isEmpty()) {
                        send(Map.of("type", isStderr ? "stderr" : "stdout", "data", text));
                    }
                });
            } catch (AgentException e) {
                fail(e.code(), e.getMessage(), e.field());
                return;
            } catch (RuntimeException e) {
                fail(
                        e instanceof dev.sandbox.operator.runtime.ContainerNotRunningException
                                ? "conflict"
                                : "unavailable",
                        e.getMessage(),
                        null);
                return;
            }
            ExecStream started = stream;
            deadline = scheduler.schedule(
                    () -> {
                        timedOut = true;
                        started.kill();
                    },
                    plan.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            // Nothing waits on the chained stage: finished() reports the outcome to the client itself.
            var unused = started.exit().whenComplete((code, failure) -> finished(started, code, failure));
        }

        private void finished(ExecStream started, Integer code, Throwable failure) {
            deadline.cancel(false);
            started.close();
            if (failure != null) {
                // The client went away (send failed) or the engine stream broke: make sure nothing is left running.
                started.kill();
                if (ctx.session.isOpen()) {
                    fail("unavailable", "the command's stream broke: " + failure.getMessage(), null);
                }
                return;
            }
            try {
                String restOut = out.finish();
                String restErr = err.finish();
                if (!restOut.isEmpty()) {
                    send(Map.of("type", "stdout", "data", restOut));
                }
                if (!restErr.isEmpty()) {
                    send(Map.of("type", "stderr", "data", restErr));
                }
                Map<String, Object> exit = new LinkedHashMap<>();
                exit.put("type", "exit");
                exit.putAll(new ExecOutcome(
                                timedOut ? ExecOutcome.KILLED : code == null ? -1 : code,
                                timedOut,
                                started.elapsedMillis())
                        .toJson());
                send(exit);
                ctx.closeSession(1000, "command exited");
            } catch (UncheckedIOException gone) {
                log.debug("client left before the exit of exec {} was sent", started.execId());
            }
        }

        void stdin(byte[] data) {
            if (!stdinWanted) {
                error(
                        "invalid_request",
                        "standard input was not asked for: send \"stdin\": true in the exec request",
                        "stdin");
                return;
            }
            try {
                stream.writeStdin(data);
            } catch (IOException e) {
                error("conflict", "cannot write to the command's standard input: " + e.getMessage(), null);
            }
        }

        void resize(JsonNode message) {
            if (!stream.hasTerminal()) {
                error(
                        "invalid_request",
                        "the command runs without a terminal: send \"tty\": true in the exec request to resize it",
                        "type");
                return;
            }
            try {
                int columns = ExecPolicy.cells(
                        "columns",
                        message.hasNonNull("columns") ? message.get("columns").asInt(0) : null,
                        80);
                int rows = ExecPolicy.cells(
                        "rows", message.hasNonNull("rows") ? message.get("rows").asInt(0) : null, 24);
                stream.resize(new TerminalSize(columns, rows));
            } catch (AgentException e) {
                error(e.code(), e.getMessage(), e.field());
            }
        }

        void eof() {
            try {
                stream.closeStdin();
            } catch (IOException e) {
                error("conflict", "cannot close the command's standard input: " + e.getMessage(), null);
            }
        }

        void clientGone() {
            ExecStream running = stream;
            if (running != null) {
                running.kill();
                running.close();
            }
        }

        void error(String code, String message, String field) {
            try {
                send(new ExecSocketError(code, message, field));
            } catch (UncheckedIOException gone) {
                log.debug("client left before an error could be sent: {}", message);
            }
        }

        void fail(String code, String message, String field) {
            error(code, message, field);
            ctx.closeSession(ExecSocketError.CLOSE_STATUS, code);
        }

        /** Sends one message and waits until it is written, so a slow client slows the command instead of filling memory. */
        synchronized void send(Object message) {
            Callback.Completable written = new Callback.Completable();
            ctx.session.sendText(AgentJson.write(message), written);
            try {
                written.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while sending"));
            } catch (Exception e) {
                throw new UncheckedIOException(new IOException("cannot send to the client: " + e.getMessage(), e));
            }
        }
    }
}
