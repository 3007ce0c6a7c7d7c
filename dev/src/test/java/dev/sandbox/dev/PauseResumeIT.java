package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxOperationException;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.CleanupConfig;
import dev.sandbox.operator.runtime.ContainerStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause and resume with the real engine: a paused sandbox keeps its processes and memory, uses no CPU, serves its files
 * and refuses commands unless asked to resume; an operator restart leaves it paused; the idle policy can pause.
 */
class PauseResumeIT {
    /** Holds about 20 MB in the shell's memory, then counts in memory and writes each value to the workspace. */
    static final String COUNTER = "x=$(head -c 20000000 /dev/zero | tr '\\0' a); i=0; "
            + "while true; do i=$((i+1)); echo $i > /workspace/counter; sleep 0.2; done";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    final List<String> created = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "pause-" + UUID.randomUUID().toString().substring(0, 6)),
                c -> c.withCleanup(new CleanupConfig(
                        Duration.ofMillis(500), Duration.ofHours(1), Duration.ZERO, Duration.ofMinutes(5))),
                g -> g.withActivityFlushInterval(Duration.ofMillis(300)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void deleteCreated() {
        created.forEach(id -> rest.delete("/v1/sandboxes/" + id + "?wait=true"));
    }

    String create(String resources) {
        Rest.Answer answer = rest.post(
                "/v1/sandboxes?wait=true",
                "{\"image\": \"sandbox-busybox:local\", \"command\": " + json(COUNTER) + ", \"resources\": " + resources
                        + "}");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        String id = answer.body().get("id").asText();
        created.add(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> counter(id) >= 3);
        return id;
    }

    static String json(String text) {
        return Rest.JSON.valueToTree(text).toString();
    }

    /** The counter as the sandbox last wrote it, read through the files API (which works while paused). */
    static long counter(String id) {
        Rest.Answer file = rest.get("/v1/sandboxes/" + id + "/volumes/workspace/file?path=counter");
        if (file.status() != 200 || file.raw().isBlank()) {
            return -1;
        }
        return Long.parseLong(file.raw().trim());
    }

    static Sandbox resource(String id) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get();
    }

    static ContainerStats stats(String id) {
        return stack.runtime()
                .statsNow(resource(id).getStatus().getContainerId())
                .orElseThrow();
    }

    static boolean dockerPaused(String id) {
        return DockerCli.inspect("inspect", resource(id).getStatus().getContainerId())
                .at("/State/Paused")
                .asBoolean();
    }

    @Test
    void pauseKeepsEveryProcessAndItsMemoryAndResumeGoesOn() throws Exception {
        String id = create("{\"memory\": \"256m\"}");
        String startedAt =
                rest.get("/v1/sandboxes/" + id).body().get("startedAt").asText();
        long memoryBefore = stats(id).memoryUsageBytes() - stats(id).memoryReclaimableBytes();
        assertThat(memoryBefore).as("the shell holds its 20 MB").isGreaterThan(15_000_000L);

        // Bad input changes nothing.
        Rest.Answer bad = rest.post("/v1/sandboxes/" + id + "/pause?wait=maybe", "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error().get("field").asText()).isEqualTo("wait");
        assertThat(resource(id).getSpec().getDesiredState()).isEqualTo(DesiredState.Running);

        Rest.Answer paused = rest.post("/v1/sandboxes/" + id + "/pause?wait=true", "");
        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        assertThat(paused.body().get("phase").asText()).isEqualTo("Paused");
        assertThat(paused.body().get("desiredState").asText()).isEqualTo("Paused");
        assertThat(dockerPaused(id)).isTrue();

        // Frozen: the counter stands still, no CPU is used, the memory is all still there.
        long frozenAt = counter(id);
        long cpuBefore = stats(id).cpuTotalNanos();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() -> counter(id) == frozenAt);
        assertThat(stats(id).cpuTotalNanos()).as("CPU time while paused").isEqualTo(cpuBefore);
        long memoryPaused = stats(id).memoryUsageBytes() - stats(id).memoryReclaimableBytes();
        assertThat(memoryPaused).isBetween(memoryBefore * 9 / 10, memoryBefore * 11 / 10);

        // Files are served from the volume while paused; commands are refused with a way out.
        Rest.Answer listing = rest.get("/v1/sandboxes/" + id + "/volumes/workspace/files");
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.body().get("entries").toString()).contains("counter");
        Rest.Answer refused = rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"cat /workspace/counter\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error().get("code").asText()).isEqualTo("conflict");
        assertThat(refused.error().get("message").asText()).contains("Paused").contains("resume=true");
        Rest.Answer badResume = rest.post("/v1/sandboxes/" + id + "/exec?resume=yes", "{\"command\": \"true\"}");
        assertThat(badResume.status()).isEqualTo(400);
        assertThat(badResume.error().get("field").asText()).isEqualTo("resume");
        Rest.Answer badBody = rest.post(
                "/v1/sandboxes/" + id + "/exec?resume=true", "{\"command\": \"true\", \"timeoutSeconds\": 0}");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(resource(id).getSpec().getDesiredState())
                .as("a refused call resumes nothing")
                .isEqualTo(DesiredState.Paused);
        assertThat(counter(id)).isEqualTo(frozenAt);

        // Asked to resume first: it does, and runs the command in the same processes.
        Rest.Answer ran =
                rest.post("/v1/sandboxes/" + id + "/exec?resume=true", "{\"command\": \"cat /workspace/counter\"}");
        assertThat(ran.status()).as(ran.raw()).isEqualTo(200);
        assertThat(Long.parseLong(ran.body().get("stdout").asText().trim())).isGreaterThanOrEqualTo(frozenAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(id) > frozenAt + 2);
        JsonNode running = rest.get("/v1/sandboxes/" + id).body();
        assertThat(running.get("phase").asText()).isEqualTo("Running");
        assertThat(running.get("startedAt").asText())
                .as("the same run of the container")
                .isEqualTo(startedAt);
        assertThat(running.get("restartCount").asInt()).isZero();
        long memoryAfter = stats(id).memoryUsageBytes() - stats(id).memoryReclaimableBytes();
        assertThat(memoryAfter).isGreaterThan(memoryBefore * 9 / 10);

        // Pause and resume again through the REST calls themselves, and see them in the history and as Events.
        assertThat(rest.post("/v1/sandboxes/" + id + "/pause?wait=true", "").status())
                .isEqualTo(200);
        Rest.Answer resumed = rest.post("/v1/sandboxes/" + id + "/resume?wait=true", "");
        assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
        assertThat(resumed.body().get("phase").asText()).isEqualTo("Running");
        assertThat(dockerPaused(id)).isFalse();
        String uid = resource(id).getMetadata().getUid();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(new SandboxRecords(stack.dataSource()).history(uid))
                        .extracting(SandboxEventRecord::type)
                        .contains("Paused", "Resumed"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stack.kubernetesClient()
                                .v1()
                                .events()
                                .inNamespace(DevStack.NAMESPACE)
                                .list()
                                .getItems())
                        .filteredOn(e -> id.equals(e.getInvolvedObject().getName()))
                        .extracting(e -> e.getReason())
                        .contains("Paused", "Resumed"));
    }

    @Test
    void theSdkPausesAndResumesAndStoppedSandboxesCannotBePaused() {
        String id = create("{}");
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            BlockingSandboxClient sandboxes = client.blocking();
            SandboxInfo paused = sandboxes.pauseSandbox(id);
            assertThat(paused.paused()).isTrue();
            long frozenAt = counter(id);
            assertThat(sandboxes.executeCommandResuming(id, "echo back").stdout())
                    .isEqualTo("back\n");
            assertThat(sandboxes.getSandbox(id).running()).isTrue();
            assertThat(client.pauseSandbox(id).join().phase()).isEqualTo("Paused");
            assertThat(client.resumeSandbox(id).join().running()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> counter(id) > frozenAt + 2);

            sandboxes.stopSandbox(id, Duration.ofSeconds(1));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandboxes.pauseSandbox(id))
                    .isInstanceOfSatisfying(
                            SandboxOperationException.class,
                            e -> assertThat(e.status()).isEqualTo(409));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandboxes.resumeSandbox(id))
                    .isInstanceOfSatisfying(
                            SandboxOperationException.class,
                            e -> assertThat(e.getMessage()).contains("start"));
        }
    }

    @Test
    void stopAndDeleteWorkOnAPausedSandbox() {
        String id = create("{}");
        assertThat(rest.post("/v1/sandboxes/" + id + "/pause?wait=true", "").status())
                .isEqualTo(200);
        Rest.Answer stopped = rest.post("/v1/sandboxes/" + id + "/stop?wait=true&timeout=1", "");
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        assertThat(stopped.body().get("phase").asText()).isEqualTo("Stopped");
        Rest.Answer started = rest.post("/v1/sandboxes/" + id + "/start?wait=true", "");
        assertThat(started.body().get("phase").asText()).isEqualTo("Running");
        assertThat(rest.post("/v1/sandboxes/" + id + "/pause?wait=true", "").status())
                .isEqualTo(200);
        String container = resource(id).getStatus().getContainerId();
        assertThat(rest.delete("/v1/sandboxes/" + id + "?wait=true").status()).isEqualTo(204);
        assertThat(DockerCli.run("docker", "inspect", container).exitCode())
                .as("container removed")
                .isNotZero();
    }

    @Test
    void anOperatorRestartLeavesAPausedSandboxPaused() {
        String id = create("{}");
        assertThat(rest.post("/v1/sandboxes/" + id + "/pause?wait=true", "").status())
                .isEqualTo(200);
        long frozenAt = counter(id);
        stack.restartOperator(UnaryOperator.identity());
        // The new operator re-reconciles every sandbox at start; this one must stay frozen throughout.
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(8))
                .until(() -> dockerPaused(id)
                        && counter(id) == frozenAt
                        && "Paused".equals(resource(id).getStatus().getPhase().name()));
        Rest.Answer resumed = rest.post("/v1/sandboxes/" + id + "/resume?wait=true", "");
        assertThat(resumed.body().get("phase").asText()).isEqualTo("Running");
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(id) > frozenAt + 2);
    }

    @Test
    void theIdlePolicyCanPauseInsteadOfStop() {
        String id = create("{\"idleTimeout\": 3, \"idleAction\": \"pause\"}");
        assertThat(rest.get("/v1/sandboxes/" + id)
                        .body()
                        .at("/resources/idleAction")
                        .asText())
                .isEqualTo("pause");
        Rest.Answer badAction = rest.post(
                "/v1/sandboxes", "{\"image\": \"sandbox-busybox:local\", \"resources\": {\"idleAction\": \"sleep\"}}");
        assertThat(badAction.status()).isEqualTo(400);
        assertThat(badAction.error().get("field").asText()).isEqualTo("resources.idleAction");

        // Nobody uses it (reading the resource straight from Kubernetes is not activity).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> resource(id).getStatus() != null
                        && "Paused".equals(resource(id).getStatus().getPhase().name()));
        Sandbox paused = resource(id);
        assertThat(paused.getSpec().getDesiredState()).isEqualTo(DesiredState.Paused);
        assertThat(paused.getMetadata().getAnnotations()).containsKey("sandbox.dev/idle-paused-at");
        assertThat(dockerPaused(id)).isTrue();

        Rest.Answer ran = rest.post("/v1/sandboxes/" + id + "/exec?resume=true", "{\"command\": \"echo awake\"}");
        assertThat(ran.status()).as(ran.raw()).isEqualTo(200);
        assertThat(ran.body().get("stdout").asText()).isEqualTo("awake\n");
        // Running again: the idle mark goes, so it will not be deleted for idleness.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> resource(id).getMetadata().getAnnotations() == null
                        || !resource(id).getMetadata().getAnnotations().containsKey("sandbox.dev/idle-paused-at"));
    }
}
