package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of the gateway and of the operator parse as Prometheus text and carry the documented series. */
class MetricsIT {
    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static String node;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        node = "metrics-" + UUID.randomUUID().toString().substring(0, 6);
        stack = DevStack.start(
                DevSettings.forTests(home, node),
                c -> c.withMonitoring(c.monitoring().withSampling(Duration.ofMillis(500), Duration.ofSeconds(5))),
                g -> g);
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Double> scrape(String baseUrl) throws Exception {
        HttpResponse<String> response = get(baseUrl + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(response.body());
    }

    @Test
    void bothProcessesExposeTheirDocumentedSeries() throws Exception {
        Rest.Answer created = rest.post(
                "/v1/sandboxes?wait=true", "{\"image\": \"sandbox-busybox:local\", \"command\": \"sleep 600\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(rest.get("/v1/sandboxes/" + id).status()).isEqualTo(200);
        assertThat(rest.get("/v1/sandboxes/sbx-nosuchthing").status()).isEqualTo(404);
        Rest.Answer unknownPath = rest.get("/no/such/path");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.error().get("code").asText()).isEqualTo("not_found");
        assertThat(rest.withKey(null).get("/v1/sandboxes").status()).isEqualTo(401);

        Map<String, Double> gateway = scrape(stack.gatewayUrl());
        assertThat(gateway)
                .containsKeys(
                        "sandbox_gateway_requests_seconds_count{method=\"GET\",route=\"/v1/sandboxes/{id}\",status=\"200\"}",
                        "sandbox_gateway_requests_seconds_count{method=\"GET\",route=\"/v1/sandboxes/{id}\",status=\"404\"}",
                        "sandbox_gateway_requests_seconds_count{method=\"POST\",route=\"/v1/sandboxes\",status=\"201\"}",
                        // The key is checked once the route is known, so even a refused request is counted under its
                        // route.
                        "sandbox_gateway_requests_seconds_count{method=\"GET\",route=\"/v1/sandboxes\",status=\"401\"}",
                        "sandbox_gateway_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}",
                        "sandbox_gateway_requests_seconds_sum{method=\"GET\",route=\"/v1/sandboxes/{id}\",status=\"200\"}",
                        "sandbox_gateway_requests_seconds_bucket{method=\"GET\",route=\"/v1/sandboxes/{id}\",status=\"200\",le=\"0.1\"}",
                        "sandbox_gateway_requests_seconds_bucket{method=\"GET\",route=\"/v1/sandboxes/{id}\",status=\"200\",le=\"+Inf\"}",
                        "sandbox_gateway_kubernetes_failures_total",
                        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}");
        assertThat(gateway.get("sandbox_gateway_sandboxes{phase=\"Running\"}")).isEqualTo(1.0);
        assertThat(gateway.get("sandbox_gateway_sandboxes{phase=\"Failed\"}")).isEqualTo(0.0);
        assertThat(gateway.keySet()).noneMatch(series -> series.contains(id));
        assertThat(
                        gateway.keySet().stream()
                                .filter(
                                        series -> series.startsWith(
                                                "sandbox_gateway_requests_seconds_bucket{method=\"GET\",route=\"/v1/sandboxes/{id}\",status=\"200\"")))
                .hasSize(15);

        String n = "node=\"" + node + "\"";
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        scrape(stack.operatorUrl()).getOrDefault("sandbox_monitor_sampled{" + n + "}", 0.0) == 1.0);
        Map<String, Double> operator = scrape(stack.operatorUrl());
        assertThat(operator.get("sandbox_operator_sandboxes{" + n + ",phase=\"Running\"}"))
                .isEqualTo(1.0);
        assertThat(operator.get("sandbox_usage_memory_limit_bytes{" + n + "}")).isEqualTo(512.0 * 1024 * 1024);
        assertThat(operator.get("sandbox_usage_pids{" + n + "}")).isGreaterThanOrEqualTo(1.0);
        assertThat(operator.get("sandbox_monitor_pass_seconds_count{" + n + "}"))
                .isPositive();
        assertThat(operator)
                .containsKeys(
                        "sandbox_usage_cpu_percent{" + n + "}",
                        "sandbox_usage_memory_bytes{" + n + "}",
                        "sandbox_usage_network_rx_bytes{" + n + "}",
                        "sandbox_usage_network_tx_bytes{" + n + "}",
                        "sandbox_usage_block_read_bytes{" + n + "}",
                        "sandbox_usage_block_write_bytes{" + n + "}",
                        "sandbox_monitor_pass_seconds_sum{" + n + "}",
                        "sandbox_monitor_failures_total{kind=\"stats\"," + n + "}",
                        "sandbox_monitor_failures_total{kind=\"database\"," + n + "}",
                        "sandbox_cleanup_actions_total{action=\"idle_stop\"," + n + "}",
                        "sandbox_cleanup_actions_total{action=\"idle_delete\"," + n + "}",
                        "sandbox_cleanup_actions_total{action=\"orphan_container\"," + n + "}",
                        "sandbox_cleanup_actions_total{action=\"orphan_volume\"," + n + "}",
                        "sandbox_cleanup_actions_total{action=\"orphan_network\"," + n + "}",
                        "sandbox_cleanup_actions_total{action=\"stale_record\"," + n + "}");
        assertThat(operator.keySet()).noneMatch(series -> series.contains(id));

        assertThat(get(stack.operatorUrl() + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(stack.operatorUrl() + "/readyz").statusCode()).isEqualTo(200);

        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
    }
}
