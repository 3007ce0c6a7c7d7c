package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.db.ApiKeys;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming exec end to end: gateway, node agent over HTTP, real Docker. */
class ExecStreamingIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static String sandboxId;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "stream-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", "{\"image\": \"" + IMAGE + "\"}");
        assertThat(created.body().path("phase").asText()).as(created.raw()).isEqualTo("Running");
        sandboxId = created.body().get("id").asText();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Event(String name, JsonNode data) {}

    static HttpRequest.Builder streamRequest(String body) {
        return HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/sandboxes/" + sandboxId + "/exec/stream"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static List<Event> events(HttpResponse<InputStream> response) throws Exception {
        List<Event> events = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Event(name, Rest.JSON.readTree(line.substring(6))));
                }
            }
        }
        return events;
    }

    static String joined(List<Event> events, String name) {
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(e -> e.name().equals(name))
                .forEach(e -> text.append(e.data().get("data").asText()));
        return text.toString();
    }

    static String ps() {
        return rest.post("/v1/sandboxes/" + sandboxId + "/exec", "{\"command\": \"ps -o pid,args\"}")
                .body()
                .path("stdout")
                .asText();
    }

    @Test
    void serverSentEventsKeepStdoutAndStderrApartAndEndWithTheExitCode() throws Exception {
        for (String accept : new String[] {"text/event-stream", "*/*"}) {
            HttpResponse<InputStream> response = http.send(
                    streamRequest("{\"command\": \"echo one; echo oops >&2; sleep 0.3; echo two; exit 4\"}")
                            .header("Accept", accept)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            List<Event> events = events(response);
            assertThat(joined(events, "stdout")).isEqualTo("one\ntwo\n");
            assertThat(joined(events, "stderr")).isEqualTo("oops\n");
            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("exit");
            assertThat(last.data().get("exitCode").asInt()).isEqualTo(4);
            assertThat(last.data().get("timedOut").asBoolean()).isFalse();
        }
    }

    @Test
    void outputArrivesWhileTheCommandIsStillRunning() throws Exception {
        HttpResponse<InputStream> response = http.send(
                streamRequest("{\"command\": \"echo first; sleep 3; echo second\"}")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long started = System.nanoTime();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.contains("first"));
            assertThat(line).contains("first");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void closingTheEventStreamKillsTheCommand() throws Exception {
        HttpResponse<InputStream> response = http.send(
                streamRequest("{\"command\": \"echo started; sleep 313\"}").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.contains("started"));
        assertThat(ps()).contains("sleep 313");
        response.body().close();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(ps()).doesNotContain("sleep 313"));
    }

    @Test
    void streamTimeoutKillsTheCommandAndSaysSo() throws Exception {
        List<Event> events = events(http.send(
                streamRequest("{\"command\": [\"sleep\", \"97\"], \"timeoutSeconds\": 1}")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream()));
        Event exit = events.get(events.size() - 1);
        assertThat(exit.name()).isEqualTo("exit");
        assertThat(exit.data().get("timedOut").asBoolean()).isTrue();
        assertThat(exit.data().get("exitCode").asInt()).isEqualTo(137);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ps()).doesNotContain("sleep 97"));
    }

    /** Collects what the server sends over a WebSocket. */
    static final class Collector implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Rest.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = messages.poll(20, TimeUnit.SECONDS);
            assertThat(message).as("a message from the server").isNotNull();
            return message;
        }

        /** Output of one stream up to the exit message, which is returned. */
        JsonNode untilExit(StringBuilder stdout, StringBuilder stderr) throws InterruptedException {
            while (true) {
                JsonNode message = next();
                switch (message.get("type").asText()) {
                    case "stdout" -> stdout.append(message.get("data").asText());
                    case "stderr" -> stderr.append(message.get("data").asText());
                    case "exit" -> {
                        return message;
                    }
                    default -> throw new AssertionError("unexpected message " + message);
                }
            }
        }
    }

    static WebSocket connect(Collector collector, String key, String id) throws Exception {
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + key)
                .buildAsync(
                        URI.create(stack.gatewayUrl().replace("http", "ws") + "/v1/sandboxes/" + id + "/exec/ws"),
                        collector)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void webSocketEchoesStdinUntilEndOfInput() throws Exception {
        Collector collector = new Collector();
        WebSocket ws = connect(collector, stack.apiKey(), sandboxId);
        ws.sendText("{\"command\": \"cat; echo bye >&2\", \"stdin\": true}", true)
                .get();
        ws.sendText("{\"type\": \"stdin\", \"data\": \"hello \"}", true).get();
        ws.sendBinary(ByteBuffer.wrap("wörld\n".getBytes(StandardCharsets.UTF_8)), true)
                .get();
        ws.sendText("{\"type\": \"eof\"}", true).get();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        JsonNode exit = collector.untilExit(out, err);
        assertThat(out.toString()).isEqualTo("hello wörld\n");
        assertThat(err.toString()).isEqualTo("bye\n");
        assertThat(exit.get("exitCode").asInt()).isZero();
        assertThat(collector.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void webSocketSignalsReachTheCommand() throws Exception {
        Collector collector = new Collector();
        WebSocket ws = connect(collector, stack.apiKey(), sandboxId);
        ws.sendText(
                        "{\"command\": [\"sh\", \"-c\", \"trap 'echo got-term; exit 5' TERM; echo ready; while true; do sleep 0.1; done\"]}",
                        true)
                .get();
        assertThat(collector.next().get("data").asText()).isEqualTo("ready\n");
        ws.sendText("{\"type\": \"signal\", \"signal\": \"TERM\"}", true).get();
        StringBuilder out = new StringBuilder();
        JsonNode exit = collector.untilExit(out, new StringBuilder());
        assertThat(out.toString()).isEqualTo("got-term\n");
        assertThat(exit.get("exitCode").asInt()).isEqualTo(5);
    }

    @Test
    void closingTheWebSocketKillsTheCommand() throws Exception {
        Collector collector = new Collector();
        WebSocket ws = connect(collector, stack.apiKey(), sandboxId);
        ws.sendText("{\"command\": \"echo up; sleep 317\"}", true).get();
        assertThat(collector.next().get("data").asText()).isEqualTo("up\n");
        assertThat(ps()).contains("sleep 317");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(ps()).doesNotContain("sleep 317"));
    }

    @Test
    void webSocketRejectsBadRequestsWithAnErrorMessage() throws Exception {
        Collector collector = new Collector();
        WebSocket ws = connect(collector, stack.apiKey(), sandboxId);
        ws.sendText("{\"command\": \"id\", \"user\": \"root\"}", true).get();
        JsonNode error = collector.next();
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("field").asText()).isEqualTo("user");
        assertThat(collector.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void anotherTenantGets404OnEveryExecForm() throws Exception {
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("intruder", "Intruder");
        String key = keys.create("intruder", "test");
        HttpResponse<String> stream = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/sandboxes/" + sandboxId + "/exec/stream"))
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"id\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(404);
        try {
            connect(new Collector(), key, sandboxId);
            throw new AssertionError("the WebSocket should have been refused");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause())
                            .getResponse()
                            .statusCode())
                    .isEqualTo(404);
        }
        assertThat(stack.gateway().lastActivity(sandboxId)).isPresent();
    }

    @Test
    void fiftyConcurrentExecsOnOneSandbox() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Rest.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String body = "{\"command\": \"echo run-" + i + "; echo err-" + i + " >&2; exit " + (i % 7) + "\"}";
                answers.add(pool.submit(() -> rest.post("/v1/sandboxes/" + sandboxId + "/exec", body)));
            }
            for (int i = 0; i < 50; i++) {
                Rest.Answer answer = answers.get(i).get(120, TimeUnit.SECONDS);
                assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
                assertThat(answer.body().get("stdout").asText()).isEqualTo("run-" + i + "\n");
                assertThat(answer.body().get("stderr").asText()).isEqualTo("err-" + i + "\n");
                assertThat(answer.body().get("exitCode").asInt()).isEqualTo(i % 7);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
