package dev.sandbox.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A command in a sandbox that takes input while it runs, over the gateway's WebSocket exec: a shell with a terminal
 * ({@link ExecOptions#withTerminal(TerminalSize)}), or a program fed through its standard input. Open one with
 * {@link SandboxClient#openInteractive(String, List, ExecOptions, InteractiveListener)}.
 *
 * <pre>{@code
 * InteractiveCommand shell = client.openInteractive(id, List.of("sh"),
 *     ExecOptions.defaults().withTerminal(new TerminalSize(120, 40)),
 *     (stream, text) -> System.out.print(text)).join();
 * shell.sendInput("echo $((6*7))\n");
 * shell.sendInput("exit 3\n");
 * int code = shell.exit().join().exitCode();     // 3
 * }</pre>
 *
 * <p>Output reaches the listener in order from one thread of the SDK; with a terminal, standard output and standard
 * error arrive merged as {@link StreamType#STDOUT}, escape sequences included, as a terminal would show them. Closing
 * the command before it ended kills it in the sandbox.
 */
public final class InteractiveCommand implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json;
    private final CompletableFuture<ExecExit> exit = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private volatile WebSocket socket;

    private InteractiveCommand(ObjectMapper json) {
        this.json = json;
    }

    /** Connects and sends the exec request; completes once the gateway accepted the upgrade. */
    static CompletableFuture<InteractiveCommand> open(
            HttpClient http,
            URI uri,
            String apiKey,
            ObjectNode request,
            String sandboxId,
            InteractiveListener listener,
            ObjectMapper json,
            Clock clock,
            Duration connectTimeout) {
        InteractiveCommand command = new InteractiveCommand(json);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder.buildAsync(uri, command.new Receiver(listener)).handle((ws, error) -> {
            if (error != null) {
                throw new CompletionException(handshakeError(error, sandboxId, uri, json, clock));
            }
            command.socket = ws;
            command.sendText(write(json, request));
            return command;
        });
    }

    /**
     * Completes with the command's exit once it ended, or exceptionally when the connection broke or the gateway
     * reported a problem ({@link SandboxException} subclasses, as for other calls).
     *
     * @return the command's end
     */
    public CompletableFuture<ExecExit> exit() {
        return exit;
    }

    /**
     * Sends bytes to the command's standard input (with a terminal: as if typed, so {@code \u0003} is Ctrl+C).
     *
     * @param data the bytes
     */
    public void sendInput(byte[] data) {
        send(ws -> ws.sendBinary(ByteBuffer.wrap(data.clone()), true));
    }

    /**
     * Sends text to the command's standard input, encoded as UTF-8.
     *
     * @param text the text, e.g. {@code "ls\n"}
     */
    public void sendInput(String text) {
        sendInput(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the command's standard input: it reads end-of-file (without a terminal; a shell in a terminal wants Ctrl+D). */
    public void closeInput() {
        sendText("{\"type\":\"eof\"}");
    }

    /**
     * Sends a signal to the command.
     *
     * @param signal {@code INT}, {@code TERM}, {@code KILL} or {@code HUP}
     */
    public void signal(String signal) {
        ObjectNode message = json.createObjectNode().put("type", "signal").put("signal", signal);
        sendText(write(json, message));
    }

    /**
     * Tells the command's terminal its new size (the program in it gets {@code SIGWINCH}). Only for commands opened
     * with a terminal.
     *
     * @param size the new size
     */
    public void resize(TerminalSize size) {
        ObjectNode message = json.createObjectNode()
                .put("type", "resize")
                .put("columns", size.columns())
                .put("rows", size.rows());
        sendText(write(json, message));
    }

    /** Closes the connection; a command that is still running is killed. */
    @Override
    public void close() {
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "client closed").exceptionally(e -> null);
        }
        if (open != null) {
            open.abort();
        }
        exit.completeExceptionally(
                new SandboxConnectionException("the interactive command was closed before it ended", null));
    }

    private void sendText(String text) {
        send(ws -> ws.sendText(text, true));
    }

    /** One message at a time: the JDK's WebSocket refuses a send while the previous one is still being written. */
    private void send(Function<WebSocket, CompletableFuture<WebSocket>> message) {
        WebSocket open = socket;
        if (open == null || exit.isDone()) {
            throw new SandboxOperationException("the command has ended", 0, "conflict", null);
        }
        synchronized (sendLock) {
            try {
                message.apply(open).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxConnectionException("interrupted while sending to the command", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new SandboxConnectionException("cannot send to the command: " + e.getMessage(), e);
            }
        }
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new SandboxException("cannot write the request as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK does not give the body of a refused upgrade, so the status alone has to say what went wrong; these are
     * the answers the gateway gives before upgrading.
     */
    private static SandboxException handshakeError(
            Throwable error, String sandboxId, URI uri, ObjectMapper json, Clock clock) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            HttpHeaders headers = refused.getResponse().headers();
            String message = switch (status) {
                case 401 -> "the API key was refused";
                case 403 -> "this API key may not run commands in sandbox " + sandboxId;
                case 404 -> "no sandbox " + sandboxId;
                case 409 -> "sandbox " + sandboxId + " is not running";
                case 429 -> "too many requests";
                default -> "the gateway refused the interactive session (HTTP " + status + ")";
            };
            String code = switch (status) {
                case 401 -> "unauthorized";
                case 404 -> "not_found";
                case 409 -> "conflict";
                default -> null;
            };
            String body = json.createObjectNode()
                    .set("error", json.createObjectNode().put("code", code).put("message", message))
                    .toString();
            return GatewayErrors.fromAnswer(status, body, headers, json, clock);
        }
        return GatewayErrors.fromTransport(cause, "GET", uri);
    }

    /** Receives the gateway's messages; the JDK calls it one message at a time. */
    private final class Receiver implements WebSocket.Listener {
        private final InteractiveListener listener;
        private final StringBuilder text = new StringBuilder();
        private volatile SandboxException lastError;

        Receiver(InteractiveListener listener) {
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                handle(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            listener.onOutput(StreamType.STDOUT, new String(bytes, StandardCharsets.UTF_8));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (lastError != null) {
                exit.completeExceptionally(lastError);
            }
            exit.completeExceptionally(new SandboxConnectionException(
                    "the gateway closed the interactive session before the command ended (" + statusCode + " " + reason
                            + ")",
                    null));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            exit.completeExceptionally(
                    new SandboxConnectionException("the interactive session broke: " + error.getMessage(), error));
        }

        private void handle(String message) {
            JsonNode node;
            try {
                node = json.readTree(message);
            } catch (IOException e) {
                exit.completeExceptionally(new SandboxException("unexpected message from the gateway: " + message, e));
                return;
            }
            switch (node.path("type").asText("")) {
                case "stdout" ->
                    listener.onOutput(StreamType.STDOUT, node.path("data").asText(""));
                case "stderr" ->
                    listener.onOutput(StreamType.STDERR, node.path("data").asText(""));
                case "exit" ->
                    exit.complete(new ExecExit(
                            node.path("exitCode").asInt(-1),
                            node.path("timedOut").asBoolean(),
                            node.path("durationMs").asLong()));
                case "error" -> {
                    // The gateway reports a problem and, when it is fatal, closes the session next (see onClose).
                    ObjectNode body = json.createObjectNode();
                    body.set("error", node);
                    int status = switch (node.path("code").asText("")) {
                        case "invalid_request" -> 400;
                        case "not_found" -> 404;
                        case "conflict" -> 409;
                        case "unauthorized" -> 401;
                        default -> 503;
                    };
                    lastError = GatewayErrors.fromAnswer(
                            status, body.toString(), HttpHeaders.of(Map.of(), (a, b) -> true), json, Clock.systemUTC());
                }
                default -> {
                    // Message types a newer gateway may add are ignored.
                }
            }
        }
    }
}
