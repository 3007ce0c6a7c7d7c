package dev.sandbox.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The REST gateway over plain HTTP, as curl or any non-Java client would use it: the "REST" rows of the benchmark.
 * Every call checks its answer, so a benchmark never times an error.
 */
final class GatewayApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** A create that answers once the sandbox runs, waiting a little less than this client does. */
    private static final String CREATE_AND_WAIT = "/v1/sandboxes?wait=true&waitTimeoutSeconds=170";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;
    private final String apiKey;

    GatewayApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** A sandbox the gateway reported Running. */
    record SandboxRef(String id, String containerId) {}

    /** {@code POST /v1/sandboxes?wait=true}: answers once the sandbox runs. */
    SandboxRef createAndWait(String image) {
        JsonNode body = running(post(CREATE_AND_WAIT, Map.of("image", image), 201), "");
        return new SandboxRef(body.path("id").asText(), body.path("containerId").asText());
    }

    /** The answer to a create that waited, when the sandbox runs; {@code which} adds to the error what it was of. */
    private static JsonNode running(JsonNode body, String which) {
        if (!"Running".equals(body.path("phase").asText())) {
            throw new IllegalStateException("sandbox " + body.path("id").asText() + which + " is "
                    + body.path("phase").asText() + " instead of Running: "
                    + body.path("message").asText());
        }
        return body;
    }

    /** A POST with a JSON body (or none when null); fails unless the answer has status {@code expected}. */
    JsonNode post(String path, Object body, int expected) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(write(body)));
        return read(send(request, expected).body());
    }

    /** A DELETE; fails unless the answer has status {@code expected}. */
    void delete(String path, int expected) {
        send(request(path).DELETE(), expected);
    }

    /**
     * {@code POST /v1/sandboxes?wait=true} naming a template: a claim from its warm pool when one is ready, otherwise a
     * cold start. Returns the answer (with {@code start}: {@code warm} or {@code cold}).
     */
    JsonNode createFromTemplate(String template) {
        return running(post(CREATE_AND_WAIT, Map.of("template", template), 201), " of template " + template);
    }

    /** {@code POST /v1/sandboxes} without waiting: answers once the Sandbox resource exists; returns its id. */
    String create(String image) {
        return post("/v1/sandboxes", Map.of("image", image), 201).path("id").asText();
    }

    /** {@code GET /v1/sandboxes/{id}}. */
    void get(String id) {
        send(request("/v1/sandboxes/" + id).GET(), 200);
    }

    /** {@code DELETE /v1/sandboxes/{id}?wait=true}: answers once the container and workspace are gone. */
    void deleteAndWait(String id) {
        send(
                request("/v1/sandboxes/" + id + "?wait=true&waitTimeoutSeconds=170")
                        .DELETE(),
                204);
    }

    /** {@code POST /v1/sandboxes/{id}/exec}; fails unless the command exits with 0. */
    String exec(String id, List<String> command) {
        HttpResponse<String> r = send(
                request("/v1/sandboxes/" + id + "/exec")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                write(Map.of("command", command, "timeoutSeconds", 60)))),
                200);
        JsonNode body = read(r.body());
        if (body.path("exitCode").asInt(-1) != 0) {
            throw new IllegalStateException("exec of " + command + " exited with " + body.path("exitCode") + ": "
                    + body.path("stderr").asText());
        }
        return body.path("stdout").asText();
    }

    /** {@code GET /healthz}: one HTTP round trip to the gateway with no work behind it. */
    void healthz() {
        HttpResponse<String> r = exchange(
                HttpRequest.newBuilder(URI.create(baseUrl + "/healthz"))
                        .timeout(TIMEOUT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /healthz answered " + r.statusCode());
        }
    }

    /** The node agent's own exec call, straight to the agent (what the gateway calls after its checks). */
    void agentExec(String agentUrl, String agentToken, String uid, List<String> command) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(agentUrl + "/agent/v1/sandboxes/" + uid + "/exec"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + agentToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("command", command, "timeoutSeconds", 60))))
                .build();
        HttpResponse<String> r = exchange(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || read(r.body()).path("exitCode").asInt(-1) != 0) {
            throw new IllegalStateException("agent exec answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Ids of the tenant's sandboxes. */
    List<String> ids() {
        List<String> ids = new java.util.ArrayList<>();
        read(send(request("/v1/sandboxes").GET(), 200).body())
                .path("items")
                .forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /**
     * Whether the gateway serves this route. A route it lacks answers 405, or 404 without the gateway's own JSON error
     * about a missing resource; any other answer (errors about the request or a missing file included) means it is there.
     */
    boolean serves(String method, String path, String jsonBody) {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        HttpResponse<String> r = exchange(b.build(), HttpResponse.BodyHandlers.ofString());
        return !routeMissing(r.statusCode(), r.body());
    }

    /** See {@link #serves}: Javalin answers an unknown route with 404 and a text body, or the gateway's "no such endpoint". */
    static boolean routeMissing(int status, String body) {
        if (status == 405) {
            return true;
        }
        if (status != 404) {
            return false;
        }
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
            return !"not_found".equals(error.path("code").asText())
                    || error.path("message").asText().startsWith("no such endpoint");
        } catch (IOException | RuntimeException notJson) {
            return true;
        }
    }

    /** {@code PUT /v1/sandboxes/{id}/volumes/workspace/file?path=...}. */
    void putFile(String id, String path, byte[] content) {
        send(
                request("/v1/sandboxes/" + id + "/volumes/workspace/file?path=" + encode(path))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
                200);
    }

    /** {@code GET /v1/sandboxes/{id}/volumes/workspace/file?path=...}. */
    byte[] getFile(String id, String path) {
        HttpResponse<byte[]> r = exchange(
                request("/v1/sandboxes/" + id + "/volumes/workspace/file?path=" + encode(path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET file answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /**
     * {@code POST /v1/sandboxes/{id}/exec/stream}: hands each complete line of standard output to {@code onLine} as
     * soon as its last chunk arrives, until the command exits.
     */
    void streamExec(String id, List<String> command, Consumer<String> onLine) {
        HttpRequest req = request("/v1/sandboxes/" + id + "/exec/stream")
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("command", command, "timeoutSeconds", 60))))
                .build();
        HttpResponse<Stream<String>> r = exchange(req, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            String body = String.join("\n", r.body().toList());
            throw new IllegalStateException("POST exec/stream answered " + r.statusCode() + ": " + body);
        }
        ServerSentEvents events = new ServerSentEvents();
        StringBuilder pending = new StringBuilder();
        try (Stream<String> lines = r.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                var event = events.feed(line);
                if (event.isEmpty()) {
                    continue;
                }
                switch (event.get().name()) {
                    case "stdout" -> {
                        pending.append(read(event.get().data()).path("data").asText());
                        for (int nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
                            onLine.accept(pending.substring(0, nl));
                            pending.delete(0, nl + 1);
                        }
                    }
                    case "exit" -> {
                        return;
                    }
                    case "error" ->
                        throw new IllegalStateException(
                                "exec stream failed: " + event.get().data());
                    default -> {
                        // stderr and anything newer carry nothing this benchmark times.
                    }
                }
            }
        }
        throw new IllegalStateException("exec stream ended without an exit event");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + apiKey);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) {
        HttpRequest built = request.build();
        HttpResponse<String> r = exchange(built, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(
                    built.method() + " " + built.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
