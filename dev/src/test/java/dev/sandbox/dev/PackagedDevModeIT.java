package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.ExecResult;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode started with the command of {@code bin/sandbox dev}: the packaged jar and the run-time dependencies that
 * {@code mvn package} copies to {@code dev/target/lib}, in a process of its own. The other tests run dev mode on the
 * tests' class path, which would hide a jar missing from the packaged one; this one serves a sandbox from create to
 * delete over real HTTP and stops on SIGTERM without leaving a container behind.
 */
class PackagedDevModeIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    Path home;

    @Test
    void theCommandOfBinSandboxDevServesASandboxFromCreateToDeleteAndStopsOnSigterm() throws Exception {
        // Set by the build (dev/pom.xml) to target/sandbox-dev-<version>.jar and target/lib, which bin/sandbox names.
        Path jar = Path.of(System.getProperty("sandbox.dev.jar"));
        Path lib = Path.of(System.getProperty("sandbox.dev.lib"));
        assertThat(jar).as("the packaged dev mode jar (mvn package)").isRegularFile();
        assertThat(lib).as("the copied run-time dependencies (mvn package)").isDirectory();

        Path state = home.resolve("state");
        String installation = null;
        try (DevModeProcess dev = DevModeProcess.startPackaged(state, jar, lib)) {
            installation = dev.installation();
            Rest rest = dev.rest();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> rest.get("/healthz").status() == 200);

            try (SandboxClient client = SandboxClient.builder()
                    .baseUrl(dev.gatewayUrl)
                    .apiKey(dev.apiKey)
                    .build()) {
                BlockingSandboxClient sandboxes = client.blocking();
                SandboxInfo created = sandboxes.createSandbox(
                        CreateSandboxRequest.builder()
                                .image(IMAGE)
                                .command("sleep 600")
                                .build(),
                        true);
                assertThat(created.phase()).as(dev.output()).isEqualTo("Running");
                ExecResult hi = sandboxes.executeCommand(created.id(), "echo hi");
                assertThat(hi.exitCode()).as(hi.stderr()).isZero();
                assertThat(hi.stdout()).isEqualTo("hi\n");

                Rest.Answer deleted = rest.delete("/v1/sandboxes/" + created.id() + "?wait=true");
                assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
                assertThat(rest.get("/v1/sandboxes/" + created.id()).status()).isEqualTo(404);
            }
            assertThat(ShutdownIT.containers(installation)).isEmpty();

            dev.signal("TERM");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !dev.alive());
            assertThat(dev.postgres()).as("PostgreSQL is stopped with dev mode").isEmpty();
            assertThat(dev.output()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        } finally {
            removeLeftovers(installation);
        }
        assertThat(ShutdownIT.containers(installation)).isEmpty();
    }

    /** After a failure: whatever this run's installation still has on the engine (containers first, they use the rest). */
    private static void removeLeftovers(String installation) {
        if (installation == null) {
            return;
        }
        String label = "label=sandbox.dev/installation=" + installation;
        removeAll(List.of("docker", "ps", "-aq", "--filter", label), List.of("docker", "rm", "-f"));
        removeAll(List.of("docker", "volume", "ls", "-q", "--filter", label), List.of("docker", "volume", "rm", "-f"));
        removeAll(List.of("docker", "network", "ls", "-q", "--filter", label), List.of("docker", "network", "rm"));
    }

    private static void removeAll(List<String> list, List<String> remove) {
        List<String> ids = DockerCli.run(list.toArray(String[]::new))
                .output()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        if (!ids.isEmpty()) {
            List<String> command = new ArrayList<>(remove);
            command.addAll(ids);
            DockerCli.run(command.toArray(String[]::new));
        }
    }
}
