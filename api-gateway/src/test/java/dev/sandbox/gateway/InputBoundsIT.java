package dev.sandbox.gateway;

import static dev.sandbox.gateway.GatewayFixture.json;
import static dev.sandbox.gateway.GatewayFixture.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every count, size and number of the REST API has a bound, checked before anything is created (400 naming the field). */
@EnableKubernetesMockClient(crud = true)
class InputBoundsIT {
    static KubernetesClient client;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(client);
    }

    @AfterEach
    void removeSandboxes() {
        GatewayFixture.removeSandboxes(client);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static void assertInvalid(String body, String field) throws Exception {
        HttpResponse<String> answer = fixture.call("POST", "/v1/sandboxes", fixture.adminKey, body);
        assertThat(answer.statusCode())
                .as(answer.body().substring(0, Math.min(400, answer.body().length())))
                .isEqualTo(400);
        assertThat(json(answer).at("/error/field").asText()).isEqualTo(field);
        assertThat(answer.body().length()).isLessThan(4000);
    }

    @Test
    void hugeNumbersAndCollectionsAreRefusedBeforeAnythingIsCreated() throws Exception {
        assertInvalid(sandbox("\"resources\": {\"timeout\": 9223372036854775807}"), "resources.timeout");
        assertInvalid(sandbox("\"resources\": {\"timeout\": 92233720368547758070}"), "resources.timeout");
        assertInvalid(sandbox("\"resources\": {\"memory\": \"999999g\"}"), "resources.memory");
        assertInvalid(sandbox("\"resources\": {\"idleTimeout\": 9223372036854775807}"), "resources.idleTimeout");
        assertInvalid(sandbox("\"resources\": {\"cpu\": 1e308}"), "resources.cpu");
        assertInvalid(sandbox("\"resources\": {\"maxRetries\": 2147483647}"), "resources.maxRetries");
        String manyArgs = IntStream.range(0, 100_000).mapToObj(i -> "\"a\"").collect(Collectors.joining(",", "[", "]"));
        long started = System.nanoTime();
        assertInvalid("{\"image\": \"busybox\", \"command\": " + manyArgs + "}", "command");
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("refused quickly (ms)")
                .isLessThan(10_000);
        String manyEnv = IntStream.range(0, 5000)
                .mapToObj(i -> "\"V" + i + "\": \"x\"")
                .collect(Collectors.joining(",", "{", "}"));
        assertInvalid("{\"image\": \"busybox\", \"environment\": " + manyEnv + "}", "environment");
        String manyPorts = IntStream.range(0, 40)
                .mapToObj(i -> "{\"internal\": " + (8000 + i) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        assertInvalid("{\"image\": \"busybox\", \"ports\": " + manyPorts + "}", "ports");
        assertThat(client.resources(dev.sandbox.crd.Sandbox.class)
                        .inNamespace("default")
                        .list()
                        .getItems())
                .as("nothing created")
                .isEmpty();
    }

    @Test
    void queryNumbersAreBoundedToo() throws Exception {
        HttpResponse<String> wait = fixture.call(
                "POST",
                "/v1/sandboxes?wait=true&waitTimeoutSeconds=99999999999999999999",
                fixture.adminKey,
                sandbox(null));
        assertThat(wait.statusCode()).isEqualTo(400);
        assertThat(json(wait).at("/error/field").asText()).isEqualTo("waitTimeoutSeconds");
        String id = json(fixture.call("POST", "/v1/sandboxes", fixture.adminKey, sandbox(null)))
                .path("id")
                .asText();
        HttpResponse<String> limit =
                fixture.call("GET", "/v1/sandboxes/" + id + "/usage?limit=99999999999", fixture.adminKey, null);
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(json(limit).at("/error/field").asText()).isEqualTo("limit");
        HttpResponse<String> stop =
                fixture.call("POST", "/v1/sandboxes/" + id + "/stop?timeout=99999999999", fixture.adminKey, null);
        assertThat(stop.statusCode()).isEqualTo(400);
        assertThat(json(stop).at("/error/field").asText()).isEqualTo("timeout");
    }

    @Test
    void execCommandsAndEnvironmentsAreBounded() {
        ExecRoutes routes = new ExecRoutes(GatewayConfig.defaults(), null);
        String manyArgs = String.join(",", Collections.nCopies(100_000, "\"a\""));
        assertThatThrownBy(() -> routes.spec("{\"command\": [" + manyArgs + "]}"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.field()).isEqualTo("command"));
        String manyEnv =
                IntStream.range(0, 5000).mapToObj(i -> "\"V" + i + "\": \"x\"").collect(Collectors.joining(","));
        assertThatThrownBy(() -> routes.spec("{\"command\": \"true\", \"environment\": {" + manyEnv + "}}"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.field()).isEqualTo("environment"));
        assertThatThrownBy(() -> routes.spec("{\"command\": \"true\", \"timeoutSeconds\": 9999999999}"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.field()).isEqualTo("timeoutSeconds"));
    }
}
