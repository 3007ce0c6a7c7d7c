package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxOperationException;
import dev.sandbox.client.SnapshotInfo;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.db.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots and forks with the real engine: files carried over, forks diverging, deletion held while in use, cleanup. */
class SnapshotIT {
    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    final List<String> sandboxes = new ArrayList<>();
    final List<String> snapshots = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "snap-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void cleanUp() {
        // Sandboxes first: a snapshot is held while sandboxes started from it exist.
        sandboxes.forEach(id -> rest.delete("/v1/sandboxes/" + id + "?wait=true"));
        snapshots.forEach(id -> rest.delete("/v1/snapshots/" + id));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack
                        .kubernetesClient()
                        .resources(SandboxSnapshot.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .list()
                        .getItems()
                        .stream()
                        .noneMatch(s -> snapshots.contains(s.getMetadata().getName())));
    }

    String create(String body) {
        Rest.Answer answer = rest.post("/v1/sandboxes?wait=true", body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(answer.body().get("phase").asText()).as(answer.raw()).isEqualTo("Running");
        sandboxes.add(answer.body().get("id").asText());
        return answer.body().get("id").asText();
    }

    static String exec(String id, String command) {
        Rest.Answer answer =
                rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": " + Rest.JSON.valueToTree(command) + "}");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("stdout").asText();
    }

    @Test
    void aSnapshotStartsNewSandboxesWithItsFilesAndIsHeldWhileUsed() throws Exception {
        String source = create("{\"image\": \"sandbox-busybox:local\", \"command\": \"sleep 600\"}");
        exec(
                source,
                "mkdir -p /workspace/data && echo hello > /workspace/data/greeting && ln -s data/greeting /workspace/link"
                        + " && chmod 600 /workspace/data/greeting");

        Rest.Answer memory = rest.post("/v1/sandboxes/" + source + "/snapshots", "{\"memory\": true}");
        assertThat(memory.status()).isEqualTo(400);
        assertThat(memory.error().get("field").asText()).isEqualTo("memory");
        assertThat(memory.error().get("message").asText()).contains("CRIU");
        assertThat(rest.post("/v1/sandboxes/" + source + "/snapshots", "{\"name\": \"Not A Name\"}")
                        .status())
                .isEqualTo(400);
        assertThat(rest.get("/v1/snapshots").body().get("items"))
                .as("nothing made by refused calls")
                .isEmpty();

        Rest.Answer taken = rest.post("/v1/sandboxes/" + source + "/snapshots?wait=true", "{\"name\": \"greeting\"}");
        assertThat(taken.status()).as(taken.raw()).isEqualTo(201);
        snapshots.add("greeting");
        JsonNode snapshot = taken.body();
        assertThat(snapshot.get("phase").asText()).as(taken.raw()).isEqualTo("Ready");
        assertThat(snapshot.get("sandbox").asText()).isEqualTo(source);
        assertThat(snapshot.get("memory").asBoolean()).isFalse();
        assertThat(snapshot.get("workspaceBytes").asLong()).isEqualTo(6);
        assertThat(snapshot.get("node").asText()).isEqualTo(stack.settings().node());
        String image = snapshot.get("image").asText();
        assertThat(DockerCli.run("docker", "image", "inspect", image).exitCode())
                .isZero();
        assertThat(exec(source, "echo still running")).as("the source runs on").isEqualTo("still running\n");
        assertThat(rest.get("/v1/snapshots/greeting").body().get("phase").asText())
                .isEqualTo("Ready");
        assertThat(rest.get("/v1/sandboxes/" + source + "/snapshots")
                        .body()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo("greeting");
        assertThat(rest.post("/v1/sandboxes/" + source + "/snapshots", "{\"name\": \"greeting\"}")
                        .status())
                .isEqualTo(409);

        String copy = create("{\"snapshot\": \"greeting\", \"command\": \"sleep 600\"}");
        assertThat(exec(
                        copy,
                        "cat /workspace/data/greeting; cat /workspace/link; stat -c '%a %u' /workspace/data/greeting"))
                .isEqualTo("hello\nhello\n600 1000\n");
        JsonNode copyView = rest.get("/v1/sandboxes/" + copy).body();
        assertThat(copyView.get("snapshot").asText()).isEqualTo("greeting");
        assertThat(copyView.get("image").asText()).isEqualTo(image);

        // Tenants see only their own snapshots.
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("other", "Other");
        Rest stranger = rest.withKey(keys.create("other", "test"));
        assertThat(stranger.get("/v1/snapshots/greeting").status()).isEqualTo(404);
        assertThat(stranger.get("/v1/snapshots").body().get("items")).isEmpty();
        Rest.Answer borrowed = stranger.post("/v1/sandboxes", "{\"snapshot\": \"greeting\"}");
        assertThat(borrowed.status()).isEqualTo(404);
        assertThat(borrowed.error().get("field").asText()).isEqualTo("snapshot");
        assertThat(stranger.delete("/v1/snapshots/greeting").status()).isEqualTo(404);

        // In use: refused; once the sandbox started from it is gone, deleted with its image and volume.
        Rest.Answer inUse = rest.delete("/v1/snapshots/greeting");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.error().get("message").asText()).contains(copy);
        assertThat(rest.delete("/v1/sandboxes/" + copy + "?wait=true").status()).isEqualTo(204);
        String volume = stack.kubernetesClient()
                .resources(SandboxSnapshot.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName("greeting")
                .get()
                .getStatus()
                .getVolume();
        assertThat(rest.delete("/v1/snapshots/greeting").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> rest.get("/v1/snapshots/greeting").status() == 404);
        assertThat(DockerCli.run("docker", "image", "inspect", image).exitCode())
                .as("image removed")
                .isNotZero();
        assertThat(DockerCli.run("docker", "volume", "inspect", volume).exitCode())
                .as("volume removed")
                .isNotZero();
    }

    @Test
    void aForkDivergesFromItsSourceFromThatMomentOn() {
        String source = create(
                "{\"image\": \"sandbox-busybox:local\", \"command\": \"sleep 600\", \"environment\": {\"ROLE\": \"source\"}}");
        exec(source, "echo 1 > /workspace/state");

        Rest.Answer forked = rest.post("/v1/sandboxes/" + source + "/fork?wait=true", "");
        assertThat(forked.status()).as(forked.raw()).isEqualTo(201);
        String fork = forked.body().get("id").asText();
        sandboxes.add(0, fork);
        assertThat(forked.body().get("phase").asText()).isEqualTo("Running");
        assertThat(forked.body().get("environment").get("ROLE").asText()).isEqualTo("source");
        snapshots.add(forked.body().get("snapshot").asText());

        assertThat(exec(fork, "cat /workspace/state; echo $ROLE")).isEqualTo("1\nsource\n");
        exec(fork, "echo 2 > /workspace/state; echo fork-only > /workspace/mine");
        exec(source, "echo source-only > /workspace/theirs");
        assertThat(exec(source, "cat /workspace/state; ls /workspace")).isEqualTo("1\nstate\ntheirs\n");
        assertThat(exec(fork, "cat /workspace/state; ls /workspace")).isEqualTo("2\nmine\nstate\n");

        // The fork's snapshot is held while the fork exists.
        assertThat(rest.delete("/v1/snapshots/" + forked.body().get("snapshot").asText())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void theSdkTakesListsForksAndDeletesSnapshots() {
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            BlockingSandboxClient api = client.blocking();
            SandboxInfo source = api.createSandbox(
                    CreateSandboxRequest.builder()
                            .image("sandbox-busybox:local")
                            .command("sleep 600")
                            .build(),
                    true);
            sandboxes.add(source.id());
            api.executeCommand(source.id(), "echo sdk > /workspace/file");
            SnapshotInfo snapshot = api.createSnapshot(source.id(), null);
            snapshots.add(snapshot.id());
            assertThat(snapshot.ready()).as(snapshot.message()).isTrue();
            assertThat(api.listSnapshots()).extracting(SnapshotInfo::id).contains(snapshot.id());
            assertThat(api.getSnapshot(snapshot.id()).sandbox()).isEqualTo(source.id());

            SandboxInfo started = api.createSandbox(
                    CreateSandboxRequest.builder()
                            .snapshot(snapshot.id())
                            .command("sleep 600")
                            .build(),
                    true);
            sandboxes.add(0, started.id());
            assertThat(api.executeCommand(started.id(), "cat /workspace/file").stdout())
                    .isEqualTo("sdk\n");
            SandboxInfo fork = client.forkSandbox(source.id()).join();
            sandboxes.add(0, fork.id());
            assertThat(api.executeCommand(fork.id(), "cat /workspace/file").stdout())
                    .isEqualTo("sdk\n");

            assertThatThrownBy(() -> api.deleteSnapshot(snapshot.id()))
                    .isInstanceOfSatisfying(
                            SandboxOperationException.class,
                            e -> assertThat(e.status()).isEqualTo(409));
            api.deleteSandbox(started.id());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> api.deleteSnapshot(snapshot.id()));
        }
    }
}
