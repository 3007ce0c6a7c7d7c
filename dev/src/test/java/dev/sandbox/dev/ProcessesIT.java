package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandbox.client.BackgroundProcess;
import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.ExecOptions;
import dev.sandbox.client.ProcessOutput;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxNotFoundException;
import dev.sandbox.client.SandboxValidationException;
import dev.sandbox.db.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background processes end to end, through the SDK. */
class ProcessesIT {
    @TempDir
    static Path home;

    static DevStack stack;
    static SandboxClient client;
    static BlockingSandboxClient sandboxes;
    static String id;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "procs-" + UUID.randomUUID().toString().substring(0, 6)));
        client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build();
        sandboxes = client.blocking();
        id = sandboxes
                .createSandbox(CreateSandboxRequest.of("sandbox-busybox:local"), true)
                .id();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static String ps() {
        return sandboxes.executeCommand(id, "ps -o args").stdout();
    }

    @Test
    void aBackgroundCommandRunsOnAndItsOutputCanBeFetchedPieceByPiece() {
        BackgroundProcess started =
                sandboxes.startProcess(id, "echo first; sleep 2; echo second; echo warn >&2; exit 3");
        assertThat(started.id()).startsWith("proc-");
        assertThat(started.running()).isTrue();
        assertThat(started.command())
                .containsExactly("/bin/sh", "-c", "echo first; sleep 2; echo second; echo warn >&2; exit 3");
        assertThat(sandboxes.listProcesses(id))
                .extracting(BackgroundProcess::id)
                .contains(started.id());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> sandboxes
                        .getProcessOutput(id, started.id(), 0, 0)
                        .stdout()
                        .equals("first\n"));
        ProcessOutput early = sandboxes.getProcessOutput(id, started.id(), 0, 0);
        assertThat(early.stdoutNext()).isEqualTo(6);

        BackgroundProcess ended = sandboxes.waitForProcess(id, started.id(), Duration.ofSeconds(30));
        assertThat(ended.running()).isFalse();
        assertThat(ended.exitCode()).isEqualTo(3);
        assertThat(ended.finishedAt()).isAfterOrEqualTo(ended.startedAt());
        ProcessOutput rest = sandboxes.getProcessOutput(id, started.id(), early.stdoutNext(), 0);
        assertThat(rest.stdout()).isEqualTo("second\n");
        assertThat(rest.stderr()).isEqualTo("warn\n");
        assertThat(rest.running()).isFalse();
        assertThat(rest.dropped()).isFalse();
    }

    @Test
    void signalsTimeoutsAndRemoval() {
        BackgroundProcess sleeper = sandboxes.startProcess(
                id,
                List.of("sh", "-c", "trap 'exit 42' TERM; touch /tmp/trap-set; while true; do sleep 0.1; done"),
                ExecOptions.defaults().withWorkdir("/tmp"));
        // A TERM that arrives before the shell has set its trap ends it with 143 instead.
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        sandboxes.executeCommand(id, "test -f /tmp/trap-set").exitCode() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> sandboxes.signalProcess(id, sleeper.id(), "TERM"));
        assertThat(sandboxes
                        .waitForProcess(id, sleeper.id(), Duration.ofSeconds(10))
                        .exitCode())
                .isEqualTo(42);

        BackgroundProcess limited = sandboxes.startProcess(
                id, List.of("sleep", "211"), ExecOptions.defaults().withTimeout(Duration.ofSeconds(1)));
        BackgroundProcess killed = sandboxes.waitForProcess(id, limited.id(), Duration.ofSeconds(20));
        assertThat(killed.timedOut()).isTrue();
        assertThat(killed.exitCode()).isEqualTo(137);

        BackgroundProcess forever = sandboxes.startProcess(id, List.of("sleep", "223"), ExecOptions.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() -> ps().contains("sleep 223"));
        assertThat(sandboxes.waitForProcess(id, forever.id(), Duration.ZERO).running())
                .isTrue();
        sandboxes.removeProcess(id, forever.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> !ps().contains("sleep 223"));
        assertThatThrownBy(() -> sandboxes.getProcess(id, forever.id())).isInstanceOf(SandboxNotFoundException.class);

        assertThatThrownBy(() -> sandboxes.signalProcess(id, sleeper.id(), "BOGUS"))
                .isInstanceOfSatisfying(
                        SandboxValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("signal"));
        assertThatThrownBy(() -> sandboxes.startProcess(
                        id, List.of("id"), ExecOptions.defaults().withUser("root")))
                .isInstanceOfSatisfying(
                        SandboxValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("user"));
    }

    @Test
    void anotherTenantSeesNoProcesses() throws Exception {
        BackgroundProcess mine = sandboxes.startProcess(id, "sleep 1");
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("nosy", "Nosy");
        try (SandboxClient other = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(keys.create("nosy", "test"))
                .build()) {
            assertThatThrownBy(() -> other.blocking().listProcesses(id)).isInstanceOf(SandboxNotFoundException.class);
            assertThatThrownBy(() -> other.blocking().getProcess(id, mine.id()))
                    .isInstanceOf(SandboxNotFoundException.class);
            assertThatThrownBy(() -> other.blocking().startProcess(id, "id"))
                    .isInstanceOf(SandboxNotFoundException.class);
        }
    }
}
