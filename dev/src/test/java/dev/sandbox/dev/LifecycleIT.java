package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.Entrypoint;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.crd.Sandbox;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop, start, restart, environment and entrypoint changes, retries, lifetimes, image builds and GPUs, end to end. */
class LifecycleIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static SandboxClient sdk;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "life-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        sdk = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build();
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static String exec(String id, String command) {
        Rest.Answer answer = rest.post(
                "/v1/sandboxes/" + id + "/exec",
                Rest.JSON.createObjectNode().put("command", command).toString());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("stdout").asText();
    }

    static JsonNode create(String body) {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    @Test
    void stopStartAndRestartKeepTheWorkspace() {
        BlockingSandboxClient sandboxes = sdk.blocking();
        String id = create("{\"image\": \"" + IMAGE + "\"}").get("id").asText();
        exec(id, "echo kept > /workspace/note");

        Rest.Answer stopped = rest.post("/v1/sandboxes/" + id + "/stop?timeout=2&wait=true", "");
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        assertThat(stopped.body().get("phase").asText()).isEqualTo("Stopped");
        assertThat(rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"id\"}")
                        .status())
                .isEqualTo(409);

        SandboxInfo started = sandboxes.startSandbox(id);
        assertThat(started.phase()).isEqualTo("Running");
        assertThat(exec(id, "cat /workspace/note")).isEqualTo("kept\n");

        String before = exec(id, "cat /proc/1/stat | cut -d' ' -f22");
        SandboxInfo restarted = sandboxes.restartSandbox(id);
        assertThat(restarted.phase()).isEqualTo("Running");
        assertThat(restarted.restartCount()).isEqualTo(1);
        assertThat(exec(id, "cat /proc/1/stat | cut -d' ' -f22")).isNotEqualTo(before);
        assertThat(exec(id, "cat /workspace/note")).isEqualTo("kept\n");

        // Events are sent in the background: give the last ones a moment.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                stack
                                        .kubernetesClient()
                                        .v1()
                                        .events()
                                        .inNamespace(DevStack.NAMESPACE)
                                        .list()
                                        .getItems()
                                        .stream()
                                        .filter(e ->
                                                id.equals(e.getInvolvedObject().getName()))
                                        .map(Event::getReason)
                                        .toList())
                        .contains("Scheduled", "Created", "Started", "Stopped", "Restarted"));
        sandboxes.deleteSandbox(id);
    }

    @Test
    void environmentAndEntrypointChangesRecreateTheContainerAndKeepTheWorkspace() {
        BlockingSandboxClient sandboxes = sdk.blocking();
        String id = create("{\"image\": \"" + IMAGE + "\", \"environment\": {\"A\": \"1\", \"B\": \"2\"}}")
                .get("id")
                .asText();
        exec(id, "echo kept > /workspace/note");

        assertThat(sandboxes.getEnvironment(id)).isEqualTo(Map.of("A", "1", "B", "2"));
        assertThat(sandboxes.updateEnvironment(id, Map.of("B", "20", "C", "3"), true))
                .isEqualTo(Map.of("A", "1", "B", "20", "C", "3"));
        assertThat(exec(id, "echo $A-$B-$C")).isEqualTo("1-20-3\n");
        assertThat(sandboxes.updateEnvironment(id, Map.of("ONLY", "x"), false)).isEqualTo(Map.of("ONLY", "x"));
        assertThat(exec(id, "echo ${A:-none}-$ONLY")).isEqualTo("none-x\n");

        Rest.Answer env = rest.get("/v1/sandboxes/" + id + "/environment");
        assertThat(env.body().get("environment").get("ONLY").asText()).isEqualTo("x");
        Rest.Answer bad = rest.put("/v1/sandboxes/" + id + "/environment", "{\"environment\": {\"X\": 1}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error().get("field").asText()).isEqualTo("environment.X");

        assertThat(sandboxes.getEntrypoint(id)).isEqualTo(new Entrypoint(null, null));
        Entrypoint changed =
                sandboxes.updateEntrypoint(id, null, List.of("sh", "-c", "echo started > /tmp/marker; exec sleep 600"));
        assertThat(changed.command()).containsExactly("sh", "-c", "echo started > /tmp/marker; exec sleep 600");
        assertThat(exec(id, "cat /tmp/marker; cat /workspace/note")).isEqualTo("started\nkept\n");
        SandboxInfo info = sandboxes.getSandbox(id);
        assertThat(info.phase()).isEqualTo("Running");
        sandboxes.deleteSandbox(id);
    }

    @Test
    void failuresAreRetriedWithBackOffThenReportedWithTheLogTail() {
        JsonNode created = rest.post("/v1/sandboxes", """
        {"image": "%s", "command": "echo attempt at $(date +%%s); echo broken >&2; exit 3", "resources": {"maxRetries": 2}}""".formatted(IMAGE)).body();
        String id = created.get("id").asText();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "Failed"
                        .equals(rest.get("/v1/sandboxes/" + id)
                                .body()
                                .path("phase")
                                .asText()));
        JsonNode failed = rest.get("/v1/sandboxes/" + id).body();
        assertThat(failed.get("reason").asText()).isEqualTo("CrashLoop");
        assertThat(failed.get("restartCount").asInt()).isEqualTo(2);
        assertThat(failed.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failed.get("logTail").asText()).contains("broken").contains("attempt at");
        assertThat(failed.get("message").asText()).contains("code 3");
        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
    }

    @Test
    void lifetimeEndsInDeletionOrStopAsThePolicySays() {
        JsonNode deleted = create("{\"image\": \"" + IMAGE + "\", \"resources\": {\"timeout\": 3}}");
        String gone = deleted.get("id").asText();
        Instant expires = Instant.parse(deleted.get("expiresAt").asText());
        assertThat(expires)
                .isEqualTo(Instant.parse(deleted.get("createdAt").asText()).plusSeconds(3));

        JsonNode stopped =
                create("{\"image\": \"" + IMAGE + "\", \"resources\": {\"timeout\": 3}, \"shutdownPolicy\": \"stop\"}");
        String kept = stopped.get("id").asText();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + gone).status() == 404);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Stopped"
                        .equals(rest.get("/v1/sandboxes/" + kept)
                                .body()
                                .path("phase")
                                .asText()));
        assertThat(rest.get("/v1/sandboxes/" + kept).body().get("reason").asText())
                .isEqualTo("Expired");
        assertThat(rest.delete("/v1/sandboxes/" + kept).status()).isEqualTo(204);
    }

    @Test
    void imagesAreBuiltFromAContextAndReused() {
        String context = """
        {"Dockerfile": "# test run %s\\nFROM %s\\nUSER root\\nCOPY greeting.txt /greeting.txt\\nUSER 1000:1000\\n", "greeting.txt": "built here\\n"}""".formatted(UUID.randomUUID(), IMAGE);
        JsonNode first = create("{\"buildContext\": " + context + "}");
        assertThat(first.get("phase").asText()).as(first.toString()).isEqualTo("Running");
        assertThat(first.get("image").asText()).startsWith("sandbox-build:");
        assertThat(first.get("buildLog").asText()).contains("COPY greeting.txt");
        assertThat(exec(first.get("id").asText(), "cat /greeting.txt")).isEqualTo("built here\n");

        JsonNode second = create("{\"buildContext\": " + context + "}");
        assertThat(second.get("image").asText()).isEqualTo(first.get("image").asText());
        assertThat(second.get("buildLog").isNull()).as("reused, not rebuilt").isTrue();

        JsonNode forced = create("{\"buildContext\": " + context + ", \"forceBuild\": true}");
        assertThat(forced.get("buildLog").asText()).contains("COPY greeting.txt");

        Rest.Answer noDockerfile = rest.post("/v1/sandboxes", "{\"buildContext\": {\"app.py\": \"print(1)\"}}");
        assertThat(noDockerfile.status()).isEqualTo(400);
        assertThat(noDockerfile.error().get("field").asText()).isEqualTo("buildContext");
        Rest.Answer tooBig = rest.post(
                "/v1/sandboxes",
                "{\"buildContext\": {\"Dockerfile\": \"FROM x\", \"big\": \"" + "x".repeat(600 * 1024) + "\"}}");
        assertThat(tooBig.status()).isIn(400, 413);

        JsonNode broken = create("{\"buildContext\": {\"Dockerfile\": \"FROM " + IMAGE + "\\nRUN exit 9\\n\"}}");
        assertThat(broken.get("phase").asText()).isEqualTo("Failed");
        assertThat(broken.get("reason").asText()).isEqualTo("BuildFailed");
        assertThat(broken.get("buildLog").asText()).contains("exit 9");
        for (JsonNode s : List.of(first, second, forced, broken)) {
            rest.delete("/v1/sandboxes/" + s.get("id").asText());
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        rest.get("/v1/sandboxes/" + forced.get("id").asText()).status() == 404);
        DockerCli.run("docker", "rmi", first.get("image").asText());
    }

    @Test
    void aGpuRequestOnANodeWithoutGpusFailsClearly() {
        JsonNode gpu = create("{\"image\": \"" + IMAGE + "\", \"resources\": {\"gpu\": \"1\"}}");
        assertThat(gpu.get("phase").asText()).isEqualTo("Failed");
        assertThat(gpu.get("reason").asText()).isEqualTo("NoGPUAvailable");
        assertThat(gpu.get("message").asText()).contains("GPU");
        rest.delete("/v1/sandboxes/" + gpu.get("id").asText());
    }

    @Test
    void lifecycleCallsOnAnotherTenantsSandboxAreNotFound() throws Exception {
        String id = rest.post("/v1/sandboxes", "{\"image\": \"" + IMAGE + "\"}")
                .body()
                .get("id")
                .asText();
        dev.sandbox.db.ApiKeys keys = new dev.sandbox.db.ApiKeys(stack.dataSource());
        keys.ensureTenant("stranger", "Stranger");
        Rest other = rest.withKey(keys.create("stranger", "test"));
        for (String path : List.of("/stop", "/start", "/restart")) {
            assertThat(other.post("/v1/sandboxes/" + id + path, "").status()).isEqualTo(404);
        }
        assertThat(other.get("/v1/sandboxes/" + id + "/environment").status()).isEqualTo(404);
        assertThat(other.put("/v1/sandboxes/" + id + "/entrypoint", "{\"command\": \"id\"}")
                        .status())
                .isEqualTo(404);
        Sandbox untouched = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get();
        assertThat(untouched.getSpec().getCommand()).isNull();
        rest.delete("/v1/sandboxes/" + id);
    }
}
