package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container logs and statistics end to end. */
class LogsAndStatsIT {
    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static String id;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "logs-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", """
        {"image": "sandbox-busybox:local", "resources": {"memory": "256m"},
         "command": "echo out-1; echo err-1 >&2; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done"}""");
        assertThat(created.body().path("phase").asText()).as(created.raw()).isEqualTo("Running");
        id = created.body().get("id").asText();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Reads events from a stream until {@code count} of the named kind arrived. */
    static List<JsonNode> events(String path, String name, int count) throws Exception {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                        .header("Authorization", "Bearer " + stack.apiKey())
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line = reader.readLine(); line != null && events.size() < count; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && name.equals(event)) {
                    events.add(Rest.JSON.readTree(line.substring(6)));
                }
            }
        }
        return events;
    }

    @Test
    void logsKeepStreamsApartWithTimestampsAndTail() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rest.get("/v1/sandboxes/" + id + "/logs?tail=all")
                                .body()
                                .get("lines")
                                .size()
                        >= 4);
        JsonNode lines =
                rest.get("/v1/sandboxes/" + id + "/logs?tail=all").body().get("lines");
        assertThat(lines.get(0).get("text").asText()).isIn("out-1", "err-1");
        boolean sawStderr = false;
        for (JsonNode line : lines) {
            assertThat(line.get("timestamp").asText()).endsWith("Z");
            if (line.get("text").asText().equals("err-1")) {
                assertThat(line.get("stream").asText()).isEqualTo("stderr");
                sawStderr = true;
            } else {
                assertThat(line.get("stream").asText()).isEqualTo("stdout");
            }
        }
        assertThat(sawStderr).isTrue();
        JsonNode last = rest.get("/v1/sandboxes/" + id + "/logs?tail=1").body().get("lines");
        assertThat(last).hasSize(1);
        assertThat(last.get(0).get("text").asText()).startsWith("tick-");
        assertThat(rest.get("/v1/sandboxes/" + id + "/logs?tail=-1").status()).isEqualTo(400);
        assertThat(rest.get("/v1/sandboxes/" + id + "/logs?follow=maybe").status())
                .isEqualTo(400);
    }

    @Test
    void followedLogsArriveAsTheyAreWritten() throws Exception {
        List<JsonNode> lines = events("/v1/sandboxes/" + id + "/logs?tail=0&follow=true", "stdout", 3);
        assertThat(lines).hasSize(3);
        int first = Integer.parseInt(lines.get(0).get("text").asText().substring("tick-".length()));
        assertThat(lines.get(2).get("text").asText()).isEqualTo("tick-" + (first + 2));
    }

    @Test
    void statsOnceAndStreamed() throws Exception {
        JsonNode stats = rest.get("/v1/sandboxes/" + id + "/stats").body();
        assertThat(stats.get("memoryLimitBytes").asLong()).isEqualTo(256L * 1024 * 1024);
        assertThat(stats.get("memoryBytes").asLong()).isPositive();
        assertThat(stats.get("pids").asLong()).isPositive();
        assertThat(stats.get("cpuPercent").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(stats.has("networkRxBytes")).isTrue();
        assertThat(stats.has("blockReadBytes")).isTrue();
        assertThat(stats.get("timestamp").asText()).isNotBlank();
        List<JsonNode> samples = events("/v1/sandboxes/" + id + "/stats?stream=true", "stats", 2);
        assertThat(samples).hasSize(2);
        assertThat(samples.get(1).get("memoryLimitBytes").asLong()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void cpuOfABusySandboxShowsInEveryReading() {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", """
        {"image": "sandbox-busybox:local", "resources": {"cpu": 0.5}, "command": "while :; do :; done"}""");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String busy = created.body().get("id").asText();
        try {
            // A first call measures over a short wait of its own; the next ones, over the time since the one before.
            for (int i = 0; i < 3; i++) {
                JsonNode stats = rest.get("/v1/sandboxes/" + busy + "/stats").body();
                // A loop without pause under a limit of half a core: about 50 %, never far above the limit.
                assertThat(stats.get("cpuPercent").asDouble())
                        .as(stats.toString())
                        .isBetween(15.0, 80.0);
            }
        } finally {
            assertThat(rest.delete("/v1/sandboxes/" + busy).status()).isEqualTo(204);
        }
    }

    @Test
    void aStatsStreamEndsWhenItsSandboxStops() throws Exception {
        Rest.Answer created = rest.post(
                "/v1/sandboxes?wait=true", "{\"image\": \"sandbox-busybox:local\", \"command\": \"sleep 600\"}");
        String stopping = created.body().get("id").asText();
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(
                                URI.create(stack.gatewayUrl() + "/v1/sandboxes/" + stopping + "/stats?stream=true"))
                        .header("Authorization", "Bearer " + stack.apiKey())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("event: ")) {
                        events.add(line.substring(7));
                        if (events.size() == 2 && events.get(0).equals("stats")) {
                            assertThat(rest.post("/v1/sandboxes/" + stopping + "/stop?timeout=1", "")
                                            .status())
                                    .isEqualTo(200);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            read.get(60, TimeUnit.SECONDS);
        } finally {
            response.body().close();
        }
        assertThat(events).startsWith("stats", "stats").endsWith("end");
        assertThat(rest.delete("/v1/sandboxes/" + stopping).status()).isEqualTo(204);
    }

    @Test
    void logsOfAStoppedSandboxRemainButStatsNeedItRunning() {
        Rest.Answer created = rest.post(
                "/v1/sandboxes?wait=true",
                "{\"image\": \"sandbox-busybox:local\", \"command\": \"echo bye; sleep 600\"}");
        String stopped = created.body().get("id").asText();
        Sandbox resource = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(stopped)
                .get();
        resource.getSpec().setDesiredState(DesiredState.Stopped);
        stack.kubernetesClient().resource(resource).update();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + stopped)
                        .body()
                        .path("phase")
                        .asText()
                        .equals("Stopped"));
        assertThat(rest.get("/v1/sandboxes/" + stopped + "/logs")
                        .body()
                        .get("lines")
                        .findValuesAsText("text"))
                .contains("bye");
        assertThat(rest.get("/v1/sandboxes/" + stopped + "/stats").status()).isEqualTo(409);
    }
}
