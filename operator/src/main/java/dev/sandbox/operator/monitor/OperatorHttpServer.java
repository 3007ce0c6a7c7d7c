package dev.sandbox.operator.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sandbox.db.DaemonThreads;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's small HTTP server: {@code GET /metrics} (Prometheus text), {@code GET /healthz} (liveness) and
 * {@code GET /readyz} (readiness), each answering 200 or 503 with a short JSON body. The JDK's server is enough for
 * three read-only endpoints and keeps them on a port of their own, apart from any other API of the operator.
 */
public final class OperatorHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperatorHttpServer.class);
    /** Prometheus text exposition format 0.0.4. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, DaemonThreads.named("operator-http"));

    public OperatorHttpServer(String host, int port, OperatorMetrics metrics, OperatorHealth health) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + host + ":" + port + " for /metrics and health: " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext(
                "/metrics", exchange -> answer(exchange, () -> new Answer(200, PROMETHEUS_TEXT, metrics.scrape())));
        server.createContext("/healthz", exchange -> answer(exchange, () -> health(health.liveness())));
        server.createContext("/readyz", exchange -> answer(exchange, () -> health(health.readiness())));
    }

    public OperatorHttpServer start() {
        server.start();
        log.info(
                "operator metrics and health on http://{}:{} (/metrics, /healthz, /readyz)",
                server.getAddress().getHostString(),
                port());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Answer(int status, String contentType, String body) {}

    private static Answer health(HealthReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", report.healthy() ? "ok" : "unavailable");
        json.put("checks", report.checks());
        String body = Serialization.asJson(json);
        return new Answer(report.healthy() ? 200 : 503, "application/json", body);
    }

    private static void answer(HttpExchange exchange, Supplier<Answer> handler) throws IOException {
        try (exchange) {
            Answer answer;
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getHttpContext().getPath().equals(path)) {
                answer = new Answer(404, "application/json", error("not_found", "no such endpoint: " + path));
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                answer = new Answer(
                        405,
                        "application/json",
                        error("method_not_allowed", exchange.getRequestMethod() + " is not allowed on " + path));
            } else {
                try {
                    answer = handler.get();
                } catch (RuntimeException e) {
                    log.warn("{} failed", path, e);
                    answer = new Answer(500, "application/json", error("internal", String.valueOf(e.getMessage())));
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(answer.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String error(String code, String message) {
        return Serialization.asJson(Map.of("error", Map.of("code", code, "message", message)));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
