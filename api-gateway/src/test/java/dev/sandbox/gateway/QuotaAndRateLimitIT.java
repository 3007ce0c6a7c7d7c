package dev.sandbox.gateway;

import static dev.sandbox.gateway.GatewayFixture.json;
import static dev.sandbox.gateway.GatewayFixture.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant quotas (403 naming the limit) and rate limits (429 with Retry-After), with two tenants made by the admin API. */
@EnableKubernetesMockClient(crud = true)
class QuotaAndRateLimitIT {
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

    @Test
    void aTenantCannotPassItsSandboxCpuOrMemoryQuotaAndAnotherTenantIsUnaffected() throws Exception {
        String small = fixture.tenantWithKey("small", "{\"sandboxes\": 2, \"cpu\": 3, \"memory\": \"1g\"}");
        String other = fixture.tenantWithKey("other", null);
        assertThat(fixture.call("POST", "/v1/sandboxes", small, sandbox(null)).statusCode())
                .isEqualTo(201);

        HttpResponse<String> cpu =
                fixture.call("POST", "/v1/sandboxes", small, sandbox("\"resources\": {\"cpu\": 2.5}"));
        assertThat(cpu.statusCode()).as(cpu.body()).isEqualTo(403);
        assertThat(json(cpu).at("/error/code").asText()).isEqualTo("quota_exceeded");
        assertThat(json(cpu).at("/error/limit").asText()).isEqualTo("cpu");

        HttpResponse<String> memory =
                fixture.call("POST", "/v1/sandboxes", small, sandbox("\"resources\": {\"memory\": \"768m\"}"));
        assertThat(memory.statusCode()).as(memory.body()).isEqualTo(403);
        assertThat(json(memory).at("/error/limit").asText()).isEqualTo("memory");

        assertThat(fixture.call("POST", "/v1/sandboxes", small, sandbox(null)).statusCode())
                .isEqualTo(201);
        HttpResponse<String> third = fixture.call("POST", "/v1/sandboxes", small, sandbox(null));
        assertThat(third.statusCode()).as(third.body()).isEqualTo(403);
        assertThat(json(third).at("/error/limit").asText()).isEqualTo("sandboxes");
        assertThat(json(third).at("/error/message").asText()).contains("at most 2 sandboxes");
        assertThat(GatewayFixture.live(client, "small")).isEqualTo(2);

        for (int i = 0; i < 3; i++) {
            assertThat(fixture.call("POST", "/v1/sandboxes", other, sandbox(null))
                            .statusCode())
                    .as("another tenant")
                    .isEqualTo(201);
        }
        HttpResponse<String> usage = fixture.call("GET", "/v1/admin/tenants/small", fixture.adminKey, null);
        assertThat(json(usage).at("/usage/sandboxes").asInt()).isEqualTo(2);
        assertThat(json(usage).at("/usage/memory").asText()).isEqualTo("1g");

        // Deleting one frees its share; raising the limit lets more in.
        String first = json(fixture.call("GET", "/v1/sandboxes", small, null))
                .at("/items/0/id")
                .asText();
        assertThat(fixture.call("DELETE", "/v1/sandboxes/" + first, small, null).statusCode())
                .isEqualTo(204);
        client.resources(Sandbox.class).inNamespace("default").withName(first).edit(s -> {
            s.getMetadata().setFinalizers(List.of());
            return s;
        });
        assertThat(fixture.call("POST", "/v1/sandboxes", small, sandbox(null)).statusCode())
                .isEqualTo(201);
    }

    @Test
    void concurrentCreatesNeverPassTheSandboxQuota() throws Exception {
        String key = fixture.tenantWithKey("racer", "{\"sandboxes\": 3}");
        // A second gateway replica on the same database and Kubernetes API: the quota holds across replicas.
        try (SandboxGateway replica = new SandboxGateway(
                        GatewayConfig.defaults().withPort(0).withAgentToken("fixture-agent-token-0123456789"),
                        client,
                        fixture.dataSource)
                .start()) {
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                for (int i = 0; i < 10; i++) {
                    int port = i % 2 == 0 ? fixture.gateway.port() : replica.port();
                    answers.add(pool.submit(() -> http.send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create("http://127.0.0.1:" + port + "/v1/sandboxes"))
                                            .header("Authorization", "Bearer " + key)
                                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sandbox(null)))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode()));
                }
                int created = 0;
                int refused = 0;
                for (Future<Integer> answer : answers) {
                    int status = answer.get();
                    created += status == 201 ? 1 : 0;
                    refused += status == 403 ? 1 : 0;
                }
                assertThat(created).isEqualTo(3);
                assertThat(refused).isEqualTo(7);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(GatewayFixture.live(client, "racer")).isEqualTo(3);
    }

    @Test
    void overItsRateATenantGets429WithRetryAfterAndOthersAreServed() throws Exception {
        String hasty = fixture.tenantWithKey("hasty", "{\"requestsPerSecond\": 5}");
        String calm = fixture.tenantWithKey("calm", null);
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            HttpResponse<String> answer = fixture.call("GET", "/v1/sandboxes", hasty, null);
            if (answer.statusCode() == 429) {
                limited = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(limited).as("a 429 within 30 quick calls").isNotNull();
        assertThat(ok).isGreaterThanOrEqualTo(5);
        assertThat(json(limited).at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 2L);
        assertThat(fixture.call("GET", "/v1/sandboxes", calm, null).statusCode())
                .isEqualTo(200);
    }
}
