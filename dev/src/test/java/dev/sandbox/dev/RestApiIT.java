package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST contract end to end: gateway, in-memory Kubernetes API, operator, real Docker and real PostgreSQL. */
class RestApiIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "rest-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static JsonNode createRunning(String body) {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("phase").asText()).as(created.raw()).isEqualTo("Running");
        return created.body();
    }

    static void deleteAndAwaitCleanup(String id, String uid) {
        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
        assertThat(DockerCli.exists("container", SandboxNames.container(uid))).isFalse();
        assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid)))
                .isFalse();
    }

    static String uidOf(String id) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
    }

    @Test
    void healthNeedsNoKeyButEverythingUnderV1Does() {
        assertThat(rest.withKey(null).get("/healthz").status()).isEqualTo(200);
        for (String key :
                new String[] {null, "Basic abc", "Bearer", "Bearer not-a-key", "Bearer sbx_" + "x".repeat(40)}) {
            Rest.Answer answer = rest.withKey(key).get("/v1/sandboxes");
            assertThat(answer.status()).as("key %s", key).isEqualTo(401);
            assertThat(answer.error().get("code").asText()).isEqualTo("unauthorized");
            assertThat(answer.error().get("message").asText()).isNotBlank();
        }
    }

    @Test
    void sandboxRunsWithEveryIsolationDefaultExecsAndIsDeletedWithoutTrace() throws Exception {
        JsonNode sandbox = createRunning("""
        {"image": "%s", "command": ["sleep", "600"], "environment": {"GREETING": "hi"},
         "resources": {"cpu": 0.5, "memory": "256m"}}""".formatted(IMAGE));
        String id = sandbox.get("id").asText();
        assertThat(id).startsWith("sbx-");
        assertThat(sandbox.get("node").asText()).isEqualTo(stack.settings().node());
        assertThat(sandbox.get("containerId").asText()).isNotBlank();
        assertThat(sandbox.get("createdAt").asText()).isNotBlank();
        assertThat(sandbox.get("image").asText()).isEqualTo(IMAGE);
        assertThat(sandbox.has("message")).isTrue();
        assertThat(sandbox.get("ports").isArray()).isTrue();
        String uid = uidOf(id);

        JsonNode c = DockerCli.inspect(
                "container", "inspect", sandbox.get("containerId").asText());
        JsonNode host = c.get("HostConfig");
        assertThat(host.get("CapDrop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(host.get("CapAdd").isNull() || host.get("CapAdd").isEmpty()).isTrue();
        assertThat(host.get("SecurityOpt").toString())
                .contains("no-new-privileges:true")
                .doesNotContain("unconfined");
        assertThat(host.get("Privileged").asBoolean()).isFalse();
        assertThat(host.get("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(host.get("Tmpfs").get("/tmp").asText())
                .contains("size=67108864")
                .contains("nosuid");
        assertThat(host.get("Memory").asLong()).isEqualTo(256L * 1024 * 1024);
        assertThat(host.get("MemorySwap").asLong()).isEqualTo(256L * 1024 * 1024);
        assertThat(host.get("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(host.get("PidsLimit").asLong()).isEqualTo(512);
        assertThat(host.get("Ulimits").toString())
                .contains("\"Name\":\"nofile\"")
                .contains("\"Hard\":4096")
                .contains("\"Soft\":4096");
        assertThat(host.get("LogConfig").get("Type").asText()).isEqualTo("json-file");
        assertThat(host.get("LogConfig").get("Config").get("max-size").asText()).isEqualTo("10m");
        assertThat(host.get("LogConfig").get("Config").get("max-file").asText()).isEqualTo("3");
        assertThat(host.get("NetworkMode").asText()).isEqualTo("none");
        assertThat(host.get("RestartPolicy").get("Name").asText()).isIn("no", "");
        assertThat(host.get("PidMode").asText()).isEmpty();
        assertThat(host.get("IpcMode").asText()).isIn("private", "shareable");
        assertThat(host.get("Binds").isNull() || host.get("Binds").isEmpty()).isTrue();
        assertThat(host.get("Devices").isNull() || host.get("Devices").isEmpty())
                .isTrue();
        assertThat(c.get("Mounts").toString())
                .contains(SandboxNames.workspaceVolume(uid))
                .contains("\"Destination\":\"/workspace\"")
                .doesNotContain("docker.sock");
        assertThat(c.get("Config").get("Labels").get(SandboxNames.UID).asText()).isEqualTo(uid);
        assertThat(c.get("Config").get("Labels").get(SandboxNames.NAME).asText())
                .isEqualTo(id);
        assertThat(c.get("Config").get("Labels").get(SandboxNames.MANAGED_BY).asText())
                .isEqualTo(SandboxNames.MANAGER);
        assertThat(DockerCli.inspect("volume", "inspect", SandboxNames.workspaceVolume(uid))
                        .get("Labels")
                        .get(SandboxNames.UID)
                        .asText())
                .isEqualTo(uid);

        // Seen from inside: default seccomp filter on, no capabilities, non-root, writable workspace, read-only root.
        Rest.Answer inside = rest.post("/v1/sandboxes/" + id + "/exec", """
        {"command": "grep -E '^(Seccomp|CapEff|NoNewPrivs):' /proc/self/status; id -u; echo $GREETING > /workspace/x && cat /workspace/x; touch /etc/x 2>&1; echo oops >&2; exit 7"}""");
        assertThat(inside.status()).as(inside.raw()).isEqualTo(200);
        String out = inside.body().get("stdout").asText();
        assertThat(out)
                .contains("Seccomp:\t2")
                .contains("CapEff:\t0000000000000000")
                .contains("NoNewPrivs:\t1");
        assertThat(out).contains("1000\nhi\n").contains("Read-only file system");
        assertThat(inside.body().get("stderr").asText()).isEqualTo("oops\n");
        assertThat(inside.body().get("exitCode").asInt()).isEqualTo(7);
        assertThat(inside.body().get("durationMs").asLong()).isPositive();

        Rest.Answer list = rest.get("/v1/sandboxes?status=RUNNING");
        assertThat(list.body().get("items").findValuesAsText("id")).contains(id);
        assertThat(rest.get("/v1/sandboxes?status=stopped").body().get("items").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(rest.get("/v1/sandboxes/" + id).body().get("phase").asText()).isEqualTo("Running");

        deleteAndAwaitCleanup(id, uid);
        SandboxRecords records = new SandboxRecords(stack.dataSource());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> records.find(uid).map(r -> r.deletedAt() != null).orElse(false));
        assertThat(records.history(uid)).extracting(SandboxEventRecord::type).contains("Created", "Running", "Deleted");
        assertThat(records.find(uid).orElseThrow().tenantId()).isEqualTo(DevStack.TENANT);
    }

    @Test
    void execTimeoutKillsTheCommand() {
        JsonNode sandbox = createRunning("{\"image\": \"" + IMAGE + "\"}");
        String id = sandbox.get("id").asText();
        Rest.Answer slow =
                rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": [\"sleep\", \"37\"], \"timeoutSeconds\": 1}");
        assertThat(slow.status()).as(slow.raw()).isEqualTo(200);
        assertThat(slow.body().get("timedOut").asBoolean()).isTrue();
        assertThat(slow.body().get("exitCode").asInt()).isEqualTo(137);
        assertThat(slow.body().get("durationMs").asLong()).isLessThan(10_000);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"ps\"}")
                                .body()
                                .get("stdout")
                                .asText())
                        .doesNotContain("sleep 37"));
        deleteAndAwaitCleanup(id, uidOf(id));
    }

    @Test
    void portsArePublishedOnlyOnTheConfiguredAddressThroughAPrivateNetwork() {
        JsonNode sandbox = createRunning("""
        {"image": "%s", "command": "httpd -f -p 8080 -h /workspace", "ports": [{"internal": 8080}]}""".formatted(IMAGE));
        String id = sandbox.get("id").asText();
        JsonNode port = sandbox.get("ports").get(0);
        assertThat(port.get("internal").asInt()).isEqualTo(8080);
        assertThat(port.get("hostIp").asText()).isEqualTo("127.0.0.1");
        assertThat(port.get("external").asInt()).isPositive();
        assertThat(port.get("protocol").asText()).isEqualTo("http");
        String uid = uidOf(id);
        JsonNode c = DockerCli.inspect(
                "container", "inspect", sandbox.get("containerId").asText());
        assertThat(c.get("HostConfig").get("NetworkMode").asText()).isEqualTo(SandboxNames.network(uid));
        assertThat(c.get("HostConfig")
                        .get("PortBindings")
                        .get("8080/tcp")
                        .get(0)
                        .get("HostIp")
                        .asText())
                .isEqualTo("127.0.0.1");
        deleteAndAwaitCleanup(id, uid);
        assertThat(DockerCli.exists("network", SandboxNames.network(uid))).isFalse();
    }

    @Test
    void badInputIsRejectedWithTheFieldNamedAndNothingCreated() {
        int before = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inAnyNamespace()
                .list()
                .getItems()
                .size();
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"{\"image\": \"Not A/Valid::Image\"}", "image"});
        cases.add(new String[] {"{}", "image"});
        cases.add(new String[] {"{\"image\": \"" + IMAGE + "\", \"resources\": {\"cpu\": 9}}", "resources.cpu"});
        cases.add(new String[] {"{\"image\": \"" + IMAGE + "\", \"resources\": {\"cpu\": 0.01}}", "resources.cpu"});
        cases.add(
                new String[] {"{\"image\": \"" + IMAGE + "\", \"resources\": {\"memory\": \"abc\"}}", "resources.memory"
                });
        cases.add(new String[] {"{\"image\": \"" + IMAGE + "\", \"resources\": {\"cpu\": \"2\"}}", "resources.cpu"});
        cases.add(new String[] {"{\"image\": \"" + IMAGE + "\", \"privileged\": true}", "privileged"});
        cases.add(
                new String[] {"{\"image\": \"" + IMAGE + "\", \"resources\": {\"cpuShares\": 2}}", "resources.cpuShares"
                });
        cases.add(
                new String[] {"{\"image\": \"" + IMAGE + "\", \"ports\": [{\"internal\": 70000}]}", "ports[0].internal"
                });
        cases.add(new String[] {"{\"image\": \"" + IMAGE + "\", \"command\": 5}", "command"});
        for (String[] c : cases) {
            Rest.Answer answer = rest.post("/v1/sandboxes", c[0]);
            assertThat(answer.status()).as(c[0]).isEqualTo(400);
            assertThat(answer.error().get("code").asText()).isEqualTo("invalid_request");
            assertThat(answer.error().get("field").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(answer.error().get("message").asText()).as(c[0]).contains(c[1].replaceAll("\\[.*", ""));
        }
        Rest.Answer malformed = rest.post("/v1/sandboxes", "{\"image\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error().get("message").asText()).contains("malformed JSON");
        assertThat(stack.kubernetesClient()
                        .resources(Sandbox.class)
                        .inAnyNamespace()
                        .list()
                        .getItems())
                .hasSize(before);
    }

    @Test
    void anotherTenantsSandboxIsNotFound() throws Exception {
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("other", "Other tenant");
        Rest other = rest.withKey(keys.create("other", "test"));
        Rest.Answer created = rest.post("/v1/sandboxes", "{\"image\": \"" + IMAGE + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();

        assertThat(other.get("/v1/sandboxes/" + id).status()).isEqualTo(404);
        assertThat(other.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"id\"}")
                        .status())
                .isEqualTo(404);
        assertThat(other.delete("/v1/sandboxes/" + id).status()).isEqualTo(404);
        assertThat(other.get("/v1/sandboxes").body().get("items").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(rest.get("/v1/sandboxes/does-not-exist").status()).isEqualTo(404);
        assertThat(rest.get("/v1/sandboxes/" + id).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Running"
                        .equals(rest.get("/v1/sandboxes/" + id)
                                .body()
                                .path("phase")
                                .asText()));
        deleteAndAwaitCleanup(id, uidOf(id));
    }

    @Test
    void missingImageFailsWithAReason() {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", "{\"image\": \"no-such-image:never\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("phase").asText()).isEqualTo("Failed");
        assertThat(created.body().get("reason").asText()).isEqualTo("ImageNotFound");
        String id = created.body().get("id").asText();
        Rest.Answer exec = rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"id\"}");
        assertThat(exec.status()).isEqualTo(409);
        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
    }
}
