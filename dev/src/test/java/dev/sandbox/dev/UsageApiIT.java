package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.UsageHistory;
import dev.sandbox.db.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/sandboxes/{id}/usage} end to end: the operator samples Docker, the gateway reads PostgreSQL. */
class UsageApiIT {
    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "usage-" + UUID.randomUUID().toString().substring(0, 6)),
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

    @Test
    void samplesOfARunningSandboxAreServedToItsTenantOnly() throws Exception {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", """
        {"image": "sandbox-busybox:local", "command": "while :; do :; done", "resources": {"cpu": 0.5, "memory": "64m"}}""");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asText();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id + "/usage")
                                .body()
                                .path("samples")
                                .size()
                        >= 3);
        Rest.Answer answer = rest.get("/v1/sandboxes/" + id + "/usage");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("id").asText()).isEqualTo(id);
        assertThat(answer.body().get("truncated").asBoolean()).isFalse();
        JsonNode samples = answer.body().get("samples");
        JsonNode first = samples.get(0);
        assertThat(first.get("memoryLimitBytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(first.get("pids").asLong()).isPositive();
        for (String field : new String[] {
            "sampledAt",
            "cpuPercent",
            "memoryBytes",
            "networkRxBytes",
            "networkTxBytes",
            "blockReadBytes",
            "blockWriteBytes"
        }) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        double maxCpu = 0;
        for (JsonNode s : samples) {
            maxCpu = Math.max(maxCpu, s.get("cpuPercent").asDouble());
        }
        assertThat(maxCpu).isGreaterThan(20);

        // since is exclusive and pages forward; limit cuts and says so.
        String secondAt = samples.get(1).get("sampledAt").asText();
        Rest.Answer after = rest.get("/v1/sandboxes/" + id + "/usage?since=" + secondAt);
        assertThat(after.body().get("samples").get(0).get("sampledAt").asText())
                .isEqualTo(samples.get(2).get("sampledAt").asText());
        Rest.Answer one = rest.get("/v1/sandboxes/" + id + "/usage?limit=1&since=2000-01-01T00:00:00%2B01:00");
        assertThat(one.body().get("samples").size()).isEqualTo(1);
        assertThat(one.body().get("truncated").asBoolean()).isTrue();
        assertThat(one.body().get("since").asText()).isEqualTo("1999-12-31T23:00:00Z");
        // An unencoded '+' of an offset arrives as a space and is still understood.
        assertThat(rest.get("/v1/sandboxes/" + id + "/usage?since=2000-01-01T00:00:00+01:00")
                        .status())
                .isEqualTo(200);

        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            UsageHistory history = client.blocking()
                    .getUsage(id, Instant.parse(samples.get(0).get("sampledAt").asText()));
            assertThat(history.samples()).isNotEmpty();
            assertThat(history.samples().get(0).sampledAt())
                    .isEqualTo(Instant.parse(samples.get(1).get("sampledAt").asText()));
            assertThat(history.latest().use().memoryLimitBytes()).isEqualTo(64L * 1024 * 1024);
        }

        Rest.Answer badSince = rest.get("/v1/sandboxes/" + id + "/usage?since=yesterday");
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.error().get("field").asText()).isEqualTo("since");
        Rest.Answer badLimit = rest.get("/v1/sandboxes/" + id + "/usage?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.error().get("field").asText()).isEqualTo("limit");

        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("usage-other", "Other tenant");
        Rest other = rest.withKey(keys.create("usage-other", "test"));
        assertThat(other.get("/v1/sandboxes/" + id + "/usage").status()).isEqualTo(404);
        assertThat(rest.get("/v1/sandboxes/sbx-nosuchthing/usage").status()).isEqualTo(404);
        assertThat(rest.withKey(null).get("/v1/sandboxes/" + id + "/usage").status())
                .isEqualTo(401);

        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
    }
}
