package dev.sandbox.operator.agent;

import dev.sandbox.agent.ClientSocket;
import dev.sandbox.agent.ProxiedHeaders;
import dev.sandbox.agent.WholeMessages;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code .../ports/{port}/...}: HTTP and WebSocket traffic to a port the sandbox publishes on this node. Ports are
 * bound to the node's publish address only, so the gateway (maybe on another machine) reaches them through here.
 */
final class PortProxy {
    /** Header the gateway puts the client's own {@code Authorization} in (the real one carries the agent token). */
    static final String FORWARDED_AUTHORIZATION = "x-forwarded-authorization";

    private static final Logger log = LoggerFactory.getLogger(PortProxy.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final SandboxLocator locator;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<String, WebSocket> sockets = new ConcurrentHashMap<>();

    PortProxy(SandboxLocator locator) {
        this.locator = locator;
    }

    /** Where the sandbox's container port is published on this node; 404 for an unpublished port, 503 when stopped. */
    private String address(String uid, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw AgentException.notFound("'" + portText + "' is not a port number");
        }
        ContainerState container = locator.container(uid);
        if (!container.running()) {
            throw AgentException.unavailable("the sandbox is not running (its container is " + container.status()
                    + "); start it to reach port " + port);
        }
        ContainerSpec.PublishedPort published = container.ports().stream()
                .filter(p -> p.containerPort() == port && "tcp".equals(p.transport()))
                .findFirst()
                .orElseThrow(() -> AgentException.notFound("the sandbox does not publish port " + port));
        String host = published.hostIp() == null
                        || published.hostIp().isEmpty()
                        || published.hostIp().equals("0.0.0.0")
                ? "127.0.0.1"
                : published.hostIp().equals("::") ? "[::1]" : published.hostIp();
        return host + ":" + published.hostPort();
    }

    /** The part of the request path after {@code /ports/{port}}, kept exactly as sent. */
    private static String rest(String requestUri, String port) {
        String marker = "/ports/" + port;
        int at = requestUri.indexOf(marker);
        String rest = at < 0 ? "/" : requestUri.substring(at + marker.length());
        return rest.isEmpty() ? "/" : rest;
    }

    void http(Context ctx) throws IOException, InterruptedException {
        String address = address(ctx.pathParam("uid"), ctx.pathParam("port"));
        String query = ctx.req().getQueryString();
        URI target = URI.create("http://" + address + rest(ctx.req().getRequestURI(), ctx.pathParam("port"))
                + (query == null ? "" : "?" + query));
        long length = ctx.req().getContentLengthLong();
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        HttpRequest.BodyPublisher body = !hasBody
                ? HttpRequest.BodyPublishers.noBody()
                : length >= 0
                        ? HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> input(ctx)), length)
                        : HttpRequest.BodyPublishers.ofInputStream(() -> input(ctx));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target).method(ctx.method().name(), body);
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(FORWARDED_AUTHORIZATION)) {
                // The client's own credentials for the app travel under another name past the gateway and this agent.
                request.header("Authorization", ctx.req().getHeader(name));
            } else if (ProxiedHeaders.passes(name)) {
                for (String value : Collections.list(ctx.req().getHeaders(name))) {
                    request.header(name, value);
                }
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new AgentException(
                    502, "bad_gateway", "nothing answers on port " + ctx.pathParam("port") + " in the sandbox", null);
        } catch (IOException e) {
            throw new AgentException(
                    502,
                    "bad_gateway",
                    "the sandbox's server on port " + ctx.pathParam("port") + " failed: " + e.getMessage(),
                    null);
        }
        ctx.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                values.stream().findFirst().ifPresent(v -> ctx.res().setContentLengthLong(Long.parseLong(v)));
            } else if (ProxiedHeaders.passes(name) && !values.isEmpty()) {
                ctx.res().setHeader(name, values.get(0));
                values.subList(1, values.size()).forEach(v -> ctx.res().addHeader(name, v));
            }
        });
        try (InputStream in = response.body()) {
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (in.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        }
    }

    private static InputStream input(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A WebSocket to the sandbox's port, relayed message by message in both directions. */
    void configureSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(Duration.ofHours(1));
            String query = ctx.queryString();
            String path = rest(ctx.session.getUpgradeRequest().getRequestURI().getRawPath(), ctx.pathParam("port"));
            URI target;
            try {
                target = URI.create("ws://" + address(ctx.pathParam("uid"), ctx.pathParam("port")) + path
                        + (query == null ? "" : "?" + query));
            } catch (AgentException e) {
                ctx.closeSession(1011, e.getMessage());
                return;
            }
            try {
                WebSocket upstream = http.newWebSocketBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .buildAsync(target, new WholeMessages(new ClientSocket(ctx), "the sandbox's port"))
                        .get(CONNECT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
                sockets.put(ctx.sessionId(), upstream);
            } catch (Exception e) {
                ctx.closeSession(1011, "cannot open a WebSocket to port " + ctx.pathParam("port") + " in the sandbox");
            }
        });
        ws.onMessage(ctx -> forward(ctx.sessionId(), upstream -> upstream.sendText(ctx.message(), true)));
        ws.onBinaryMessage(ctx -> {
            ByteBuffer copy =
                    ByteBuffer.allocate(ctx.data().remaining()).put(ctx.data()).flip();
            forward(ctx.sessionId(), upstream -> upstream.sendBinary(copy, true));
        });
        ws.onClose(ctx -> {
            WebSocket upstream = sockets.remove(ctx.sessionId());
            if (upstream != null) {
                // Closed politely, then cut either way: nothing is left to wait for once the client is gone.
                var unused = upstream.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
                        .whenComplete((w, e) -> upstream.abort());
            }
        });
    }

    private void forward(String sessionId, Function<WebSocket, CompletableFuture<WebSocket>> send) {
        WebSocket upstream = sockets.get(sessionId);
        if (upstream == null) {
            return;
        }
        // One send at a time (the JDK client's rule), waited for: a slow sandbox slows its client down.
        synchronized (upstream) {
            try {
                send.apply(upstream).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("cannot relay to a sandbox WebSocket: {}", e.toString());
                upstream.abort();
            }
        }
    }
}
