package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.SandboxActivity;
import dev.sandbox.operator.CleanupConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls through the gateway count as activity: a used sandbox keeps running, an unused one is stopped. */
class IdleCleanupIT {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "idle-" + UUID.randomUUID().toString().substring(0, 6)),
                c -> c.withCleanup(
                        new CleanupConfig(Duration.ofMillis(500), IDLE_TIMEOUT, Duration.ZERO, Duration.ofMinutes(5))),
                g -> g.withActivityFlushInterval(Duration.ofMillis(300)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static Sandbox resource(String id) {
        // Read straight from the Kubernetes API: a GET through the gateway would itself count as activity.
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get();
    }

    static String create(String resources) {
        Rest.Answer created = rest.post(
                "/v1/sandboxes?wait=true",
                "{\"image\": \"sandbox-busybox:local\", \"command\": \"sleep 600\", \"resources\": " + resources + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    @Test
    void execKeepsASandboxAliveAndAnUnusedOneIsStopped() throws Exception {
        String idle = create("{}");
        String active = create("{}");
        String exempt = create("{\"idleTimeout\": 0}");
        assertThat(rest.get("/v1/sandboxes/" + exempt)
                        .body()
                        .at("/resources/idleTimeout")
                        .asLong())
                .isZero();
        assertThat(rest.get("/v1/sandboxes/" + active)
                        .body()
                        .at("/resources/idleTimeout")
                        .isNull())
                .isTrue();
        Rest.Answer negative = rest.post(
                "/v1/sandboxes", "{\"image\": \"sandbox-busybox:local\", \"resources\": {\"idleTimeout\": -1}}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.error().get("field").asText()).isEqualTo("resources.idleTimeout");

        // Use "active" every second, through the gateway, for well over the idle timeout.
        await().during(IDLE_TIMEOUT.plusSeconds(3))
                .atMost(IDLE_TIMEOUT.plusSeconds(20))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> rest.post("/v1/sandboxes/" + active + "/exec", "{\"command\": \"true\"}")
                                .status()
                        == 200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> resource(idle).getSpec().getDesiredState() == DesiredState.Stopped);

        Sandbox unused = resource(idle);
        assertThat(unused.getMetadata().getAnnotations()).containsKey("sandbox.dev/idle-stopped-at");
        Sandbox used = resource(active);
        assertThat(used.getSpec().getDesiredState()).isEqualTo(DesiredState.Running);
        assertThat(used.getStatus().getPhase().name()).isEqualTo("Running");
        // Never touched, but its own idle timeout of 0 exempts it.
        assertThat(resource(exempt).getSpec().getDesiredState()).isEqualTo(DesiredState.Running);
        assertThat(new SandboxActivity(stack.dataSource())
                        .lastActivity(List.of(
                                used.getMetadata().getUid(),
                                unused.getMetadata().getUid())))
                .containsOnlyKeys(used.getMetadata().getUid());

        Rest.Answer shown = rest.get("/v1/sandboxes/" + idle);
        assertThat(shown.body().get("desiredState").asText()).isEqualTo("Stopped");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Stopped"
                        .equals(rest.get("/v1/sandboxes/" + idle)
                                .body()
                                .get("phase")
                                .asText()));
    }
}
