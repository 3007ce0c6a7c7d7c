package dev.sandbox.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-process HTTP server that plays the gateway: it records every request and answers with the reply the test
 * set up. {@link #hang()} makes it hold requests open until the gateway is closed, for timeout tests.
 */
final class FakeGateway implements AutoCloseable {

    /** A request as the gateway received it. */
    record Received(String method, String path, String query, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile Map<String, String> headers = Map.of();
    private volatile boolean hang;

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every following request with this status and JSON body. */
    FakeGateway reply(int status, String body) {
        return reply(status, body, Map.of());
    }

    /** Answers every following request with this status, body and extra headers. */
    FakeGateway reply(int status, String body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = new LinkedHashMap<>(headers);
        return this;
    }

    /** Holds every following request open without answering until {@link #close()}. */
    FakeGateway hang() {
        this.hang = true;
        return this;
    }

    /** The next request received, waiting at most a few seconds for it to arrive. */
    Received takeRequest() throws InterruptedException {
        Received request = received.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the gateway received no request");
        }
        return request;
    }

    /** How many requests arrived and were not taken yet. */
    int pendingRequests() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    requestBody));
            if (hang) {
                released.await();
                return;
            }
            headers.forEach(exchange.getResponseHeaders()::add);
            if (status == 204) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
