package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.CleanupConfig;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dev modes on one Docker engine, with the same node name: the second one runs beside the first (its orphan sweep
 * and start-up clean-up look only at its own installation), or refuses to start for a conflict before it has changed
 * anything. In every case the first one's sandboxes keep running.
 */
class TwoDevModesIT {
    static final String IMAGE = "sandbox-busybox:local";
    /** Both stacks call their node the same, as two `bin/sandbox dev` would ("local"): only the installation differs. */
    final String node = "twin-" + UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    DevStack first;
    DevStack second;

    DevSettings settings(Path home, int gatewayPort) {
        return new DevSettings(
                home, gatewayPort, "127.0.0.1", 0, "unix:///var/run/docker.sock", node, true, 0, "http://preview.test");
    }

    /** The second stack sweeps orphans at once and every half second: were the first one's objects its orphans, they would go. */
    static UnaryOperator<dev.sandbox.operator.OperatorConfig> eagerSweeps() {
        return c -> c.withCleanup(new CleanupConfig(
                Duration.ofMillis(500), c.cleanup().idleTimeout(), c.cleanup().idleDeleteAfter(), Duration.ZERO));
    }

    @BeforeEach
    void startFirst() {
        first = DevStack.start(settings(homeA, 0));
    }

    @AfterEach
    void stopBoth() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    static String createRunning(DevStack stack) {
        Rest rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        Rest.Answer created = rest.post(
                "/v1/sandboxes?wait=true",
                "{\"image\": \"" + IMAGE
                        + "\", \"command\": \"httpd -f -p 8080 -h /workspace\", \"ports\": [{\"internal\": 8080}]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    static String uid(DevStack stack, String id) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
    }

    static void assertIntact(String uid) {
        JsonNode container = DockerCli.inspect("container", "inspect", SandboxNames.container(uid));
        assertThat(container.get("State").get("Running").asBoolean()).isTrue();
        assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid)))
                .isTrue();
        assertThat(DockerCli.exists("network", SandboxNames.network(uid))).isTrue();
    }

    @Test
    void aSecondDevModeRunsBesideTheFirstAndTouchesNothingOfIt() {
        String firstId = createRunning(first);
        String firstUid = uid(first, firstId);
        JsonNode labels = DockerCli.inspect("container", "inspect", SandboxNames.container(firstUid))
                .get("Config")
                .get("Labels");
        assertThat(labels.get(SandboxNames.INSTALLATION).asText()).isEqualTo(first.installation());

        second = DevStack.start(settings(homeB, 0), eagerSweeps(), UnaryOperator.identity());
        assertThat(second.installation()).isNotEqualTo(first.installation());
        String secondUid = uid(second, createRunning(second));
        assertThat(secondUid).isNotEqualTo(firstUid);
        // Several orphan sweeps of the second stack pass over the first one's objects, which it must not see as its
        // own.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertIntact(firstUid));

        second.close();
        second = null;
        assertThat(DockerCli.exists("container", SandboxNames.container(secondUid)))
                .isFalse();
        assertIntact(firstUid);
        Rest rest = new Rest(first.gatewayUrl(), first.apiKey());
        assertThat(rest.get("/v1/sandboxes/" + firstId).body().get("phase").asText())
                .isEqualTo("Running");
    }

    @Test
    void aSecondDevModeOnTheSameStateDirectoryRefusesAndChangesNothing() {
        String firstUid = uid(first, createRunning(first));
        assertThatThrownBy(() -> second = DevStack.start(settings(homeA, 0)))
                .hasMessageContaining("another dev mode")
                .hasMessageContaining("SANDBOX_HOME");
        assertIntact(firstUid);
    }

    @Test
    void aSecondDevModeWithATakenPortRefusesBeforeRemovingAnything() {
        String firstUid = uid(first, createRunning(first));
        int takenPort =
                Integer.parseInt(first.gatewayUrl().substring(first.gatewayUrl().lastIndexOf(':') + 1));
        // Same state directory content as a restarted first one would have is not needed: the port is checked first.
        assertThatThrownBy(() -> second = DevStack.start(settings(homeB, takenPort)))
                .hasMessageContaining("port " + takenPort)
                .hasMessageContaining("SANDBOX_PORT");
        assertIntact(firstUid);
    }
}
