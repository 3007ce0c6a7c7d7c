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

/** A preview subdomain belongs to one sandbox in the whole installation, whichever tenant or replica asks. */
@EnableKubernetesMockClient(crud = true)
class PreviewSubdomainIT {
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

    private static String withSubdomain(String subdomain) {
        return sandbox("\"ports\": [{\"internal\": 8080}, {\"internal\": 8081, \"subdomain\": \"" + subdomain + "\"}]");
    }

    @Test
    void aSecondTenantCannotTakeASubdomainUntilTheHolderIsDeleted() throws Exception {
        String a = fixture.tenantWithKey("shop-a", null);
        String b = fixture.tenantWithKey("shop-b", null);
        HttpResponse<String> first = fixture.call("POST", "/v1/sandboxes", b, withSubdomain("shop"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String holder = json(first).path("id").asText();

        HttpResponse<String> second = fixture.call("POST", "/v1/sandboxes", a, withSubdomain("shop"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(json(second).at("/error/field").asText()).isEqualTo("ports[1].subdomain");
        assertThat(second.body()).doesNotContain(holder).doesNotContain("shop-b");
        assertThat(fixture.call("POST", "/v1/sandboxes", b, withSubdomain("shop"))
                        .statusCode())
                .as("also for the same tenant")
                .isEqualTo(409);
        assertThat(GatewayFixture.live(client, "shop-a") + GatewayFixture.live(client, "shop-b"))
                .isEqualTo(1);

        assertThat(fixture.call("DELETE", "/v1/sandboxes/" + holder, b, null).statusCode())
                .isEqualTo(204);
        HttpResponse<String> freed = fixture.call("POST", "/v1/sandboxes", a, withSubdomain("shop"));
        assertThat(freed.statusCode()).as(freed.body()).isEqualTo(201);
    }

    @Test
    void aClaimOfASandboxDeletedBehindTheGatewaysBackIsTakenOver() throws Exception {
        String a = fixture.tenantWithKey("stale-a", null);
        String id = json(fixture.call("POST", "/v1/sandboxes", a, withSubdomain("stale")))
                .path("id")
                .asText();
        // Deleted through kubectl: the gateway never hears of it, the claim row stays behind.
        client.resources(Sandbox.class).inNamespace("default").withName(id).edit(s -> {
            s.getMetadata().setFinalizers(List.of());
            return s;
        });
        client.resources(Sandbox.class).inNamespace("default").withName(id).delete();
        HttpResponse<String> again = fixture.call("POST", "/v1/sandboxes", a, withSubdomain("stale"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }

    @Test
    void twoConcurrentClaimsOnTwoReplicasCannotBothWin() throws Exception {
        String a = fixture.tenantWithKey("race-a", null);
        String b = fixture.tenantWithKey("race-b", null);
        try (SandboxGateway replica = new SandboxGateway(
                        GatewayConfig.defaults().withPort(0).withAgentToken("fixture-agent-token-0123456789"),
                        client,
                        fixture.dataSource)
                .start()) {
            for (int round = 0; round < 5; round++) {
                String name = "race-" + round;
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                    List<Future<Integer>> answers = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        int port = i == 0 ? fixture.gateway.port() : replica.port();
                        String key = i == 0 ? a : b;
                        answers.add(pool.submit(() -> http.send(
                                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                        "http://127.0.0.1:" + port + "/v1/sandboxes"))
                                                .header("Authorization", "Bearer " + key)
                                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                                        withSubdomain(name)))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()));
                    }
                    List<Integer> statuses = new ArrayList<>();
                    for (Future<Integer> answer : answers) {
                        statuses.add(answer.get());
                    }
                    assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(201, 409);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @Test
    void aSubdomainShapedLikeAPortHostOrUsedTwiceIsRefused() throws Exception {
        String a = fixture.tenantWithKey("shapes", null);
        HttpResponse<String> portLike = fixture.call("POST", "/v1/sandboxes", a, withSubdomain("8080-sbx-abc"));
        assertThat(portLike.statusCode()).isEqualTo(400);
        assertThat(json(portLike).at("/error/field").asText()).isEqualTo("ports[1].subdomain");
        HttpResponse<String> twice = fixture.call(
                "POST",
                "/v1/sandboxes",
                a,
                sandbox(
                        "\"ports\": [{\"internal\": 8080, \"subdomain\": \"twice\"}, {\"internal\": 8081, \"subdomain\": \"twice\"}]"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(json(twice).at("/error/field").asText()).isEqualTo("ports[1].subdomain");
    }
}
