package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.AgentExecResult;
import dev.sandbox.agent.AgentPaths;
import dev.sandbox.agent.ProxiedHeaders;
import dev.sandbox.agent.SocketListener;
import dev.sandbox.agent.WholeMessages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's side of the node agent API: exec (collected, streamed, interactive) and plain pass-through of other
 * calls, over HTTP to the agent that {@link NodeAgents} names for the sandbox's node, authenticated with the shared
 * agent token.
 */
public final class AgentClient implements ExecBackend, NodeProxy {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** How much of an error answer is read: agents answer errors with a short JSON object. */
    static final int ERROR_BODY_BYTES = 64 * 1024;

    private final NodeAgents nodes;
    private final String token;
    private final HttpClient http;

    public AgentClient(NodeAgents nodes, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the gateway needs the node agent token (SANDBOX_AGENT_TOKEN)");
        }
        this.nodes = nodes;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public AgentExecResult exec(SandboxTarget target, AgentExecRequest request) {
        Answer response = postJson(
                target, AgentPaths.EXEC, Json.write(request), Duration.ofSeconds(request.timeoutSeconds() + 30L));
        if (response.status() != 200) {
            throw agentError(target, response.status(), response.body());
        }
        try {
            return Json.MAPPER.readValue(response.body(), AgentExecResult.class);
        } catch (IOException e) {
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " answered with unreadable JSON", e);
        }
    }

    private record Answer(int status, String body) {}

    /**
     * A JSON POST whose whole answer is read at once. Made with the JDK's blocking HTTP connection (pooled keep-alive)
     * rather than {@link HttpClient}: for a short request-response it wakes no selector thread, which saves a
     * millisecond or more per exec on a busy node.
     */
    private Answer postJson(SandboxTarget target, String subPath, String json, Duration timeout) {
        URL url;
        try {
            url = URI.create(agentUrl(target, subPath, null)).toURL();
        } catch (MalformedURLException e) {
            throw new BackendUnavailableException(
                    "node " + target.node() + " announced an unusable agent URL: " + e.getMessage(), e);
        }
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Authorization", "Bearer " + token);
            connection.setRequestProperty("Content-Type", "application/json");
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            connection.setFixedLengthStreamingMode(bytes.length);
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body;
            try (InputStream stream = in) {
                body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(status, body);
        } catch (SocketTimeoutException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " did not answer in time", e);
        } catch (ConnectException e) {
            nodes.forget(target.node());
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " at " + url.getAuthority() + " is unreachable", e);
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw new BackendUnavailableException(
                    "the call to the node agent of node " + target.node() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void stream(SandboxTarget target, AgentExecRequest command, EventSink sink) {
        HttpRequest request = agentRequest(target, AgentPaths.EXEC_STREAM, null)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(command)))
                .build();
        HttpResponse<InputStream> response = send(target, request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw agentError(
                        target,
                        response.statusCode(),
                        new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8));
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        sink.event(event, data.toString());
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    sink.keepalive();
                } else if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "")
                            .append(line.substring("data:".length()).stripLeading());
                }
            }
        } catch (IOException e) {
            // Either our client left (the sink threw) or the node's stream broke; closing the body ends the command.
            throw new BackendUnavailableException(
                    "exec stream on node " + target.node() + " ended: " + e.getMessage(), e);
        }
    }

    @Override
    public AgentSocket openExecSession(SandboxTarget target, AgentExecRequest request, SocketListener listener) {
        AgentSocket socket = openSocket(target, AgentPaths.EXEC_SOCKET, null, Map.of(), List.of(), listener);
        socket.sendText(Json.write(request));
        return socket;
    }

    @Override
    public ProxyResponse forward(SandboxTarget target, ProxyRequest request) {
        HttpRequest.BodyPublisher body;
        if (request.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (request.contentLength() >= 0) {
            body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(request::body), request.contentLength());
        } else {
            body = HttpRequest.BodyPublishers.ofInputStream(request::body);
        }
        HttpRequest.Builder builder =
                agentRequest(target, request.subPath(), request.query()).method(request.method(), body);
        passOn(request.headers(), builder::header);
        HttpResponse<InputStream> response = send(target, builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new ProxyResponse(response.statusCode(), response.headers().map(), response.body());
    }

    @Override
    public AgentSocket openSocket(
            SandboxTarget target,
            String subPath,
            String query,
            Map<String, List<String>> headers,
            List<String> subprotocols,
            SocketListener listener) {
        URI uri = URI.create(agentUrl(target, subPath, query).replaceFirst("^http", "ws"));
        WebSocket.Builder builder =
                http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).header("Authorization", "Bearer " + token);
        passOn(headers, builder::header);
        if (subprotocols != null && !subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.get(0),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        try {
            WebSocket ws = builder.buildAsync(uri, new WholeMessages(listener, "the node"))
                    .get(CONNECT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            return new JdkAgentSocket(ws);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                throw agentError(target, refused.getResponse().statusCode(), body == null ? "" : body.toString());
            }
            nodes.forget(target.node());
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " is unreachable: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " did not accept a WebSocket in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while connecting to node " + target.node(), e);
        }
    }

    /** Copies end-to-end headers; hop-by-hop ones and our client's credentials stay behind. */
    private static void passOn(Map<String, List<String>> headers, HeaderSetter setter) {
        if (headers == null) {
            return;
        }
        headers.forEach((name, values) -> {
            if (ProxiedHeaders.passes(name)) {
                values.forEach(v -> setter.set(name, v));
            }
        });
    }

    @FunctionalInterface
    private interface HeaderSetter {
        void set(String name, String value);
    }

    private String agentUrl(SandboxTarget target, String subPath, String query) {
        String base = nodes.urlFor(target.node());
        return base + AgentPaths.sandbox(target.uid(), subPath) + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private HttpRequest.Builder agentRequest(SandboxTarget target, String subPath, String query) {
        return HttpRequest.newBuilder(URI.create(agentUrl(target, subPath, query)))
                .header("Authorization", "Bearer " + token);
    }

    private <T> HttpResponse<T> send(SandboxTarget target, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " did not answer in time", e);
        } catch (ConnectException e) {
            nodes.forget(target.node());
            throw new BackendUnavailableException(
                    "the node agent of node " + target.node() + " at "
                            + request.uri().getAuthority() + " is unreachable",
                    e);
        } catch (IOException e) {
            throw new BackendUnavailableException(
                    "the call to the node agent of node " + target.node() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while calling node " + target.node(), e);
        }
    }

    /**
     * A node agent's error answer ({@code {"error": {"code", "message", "field"}}}) as the caller's error with the same
     * status, code, message and field; an answer without that shape becomes a generic one naming the node. The one
     * reading of the agent's error answers, for every call that goes to a node.
     */
    static ApiException agentError(SandboxTarget target, int status, String body) {
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            if (error.hasNonNull("message")) {
                if (status == 401) {
                    // Our token, not the caller's key: a configuration problem of the installation.
                    return ApiException.unavailable(
                            "node " + target.node() + " refused the gateway's agent token; check SANDBOX_AGENT_TOKEN");
                }
                return new ApiException(
                        status,
                        error.path("code").asText("error"),
                        error.path("message").asText(),
                        error.hasNonNull("field") ? error.get("field").asText() : null);
            }
        } catch (IOException | RuntimeException notJson) {
            // Fall through to a generic message.
        }
        return new ApiException(
                status >= 500 ? 502 : status, "node_error", "node " + target.node() + " answered HTTP " + status, null);
    }

    /** Sends one message at a time, as the JDK WebSocket requires, and waits for each to be written. */
    private static final class JdkAgentSocket implements AgentSocket {
        private final WebSocket ws;

        JdkAgentSocket(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public synchronized void sendText(String message) {
            await(ws.sendText(message, true));
        }

        @Override
        public synchronized void sendBinary(ByteBuffer data) {
            await(ws.sendBinary(data, true));
        }

        @Override
        public synchronized void close() {
            if (!ws.isOutputClosed()) {
                try {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
                            .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // The node will notice the connection going away instead.
                }
            }
            ws.abort();
        }

        private void await(CompletableFuture<WebSocket> sent) {
            try {
                sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while sending to the node", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new BackendUnavailableException("cannot send to the node: " + e, e);
            }
        }
    }
}
