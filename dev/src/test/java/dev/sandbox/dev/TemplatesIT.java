package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxValidationException;
import dev.sandbox.client.TemplateInfo;
import dev.sandbox.client.TemplateRequest;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.db.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates through REST and kubectl: CRUD, sandboxes made from them, overrides, deletion while in use, the examples. */
class TemplatesIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(home, "tpl-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static DockerCli.Result kubectl(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "kubectl";
        command[1] = "--kubeconfig";
        command[2] = stack.kubeconfig().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return DockerCli.run(command);
    }

    static String exec(String id, String command) {
        Rest.Answer answer = rest.post(
                "/v1/sandboxes/" + id + "/exec",
                Rest.JSON.createObjectNode().put("command", command).toString());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("stdout").asText();
    }

    static void deleteSandbox(String id) {
        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
    }

    @Test
    void templatesAreCreatedReadReplacedAndDeletedThroughRest() throws Exception {
        String name = "py-" + UUID.randomUUID().toString().substring(0, 6);
        // Invalid input names its field and creates nothing.
        assertThat(rest.post("/v1/templates", "{\"image\": \"" + IMAGE + "\"}")
                        .error()
                        .get("field")
                        .asText())
                .isEqualTo("name");
        assertThat(rest.post(
                                "/v1/templates",
                                "{\"name\": \"" + name + "\", \"image\": \"" + IMAGE
                                        + "\", \"overridable\": [\"privileged\"]}")
                        .error()
                        .get("field")
                        .asText())
                .isEqualTo("overridable[0]");
        assertThat(rest.post(
                                "/v1/templates",
                                "{\"name\": \"" + name + "\", \"image\": \"" + IMAGE
                                        + "\", \"resources\": {\"cpu\": 99}}")
                        .error()
                        .get("field")
                        .asText())
                .isEqualTo("resources.cpu");
        assertThat(rest.post(
                                "/v1/templates",
                                "{\"name\": \"" + name + "\", \"image\": \"" + IMAGE + "\", \"privileged\": true}")
                        .status())
                .isEqualTo(400);
        assertThat(rest.get("/v1/templates/" + name).status()).isEqualTo(404);

        Rest.Answer created = rest.post(
                "/v1/templates",
                "{\"name\": \"" + name + "\", \"image\": \"" + IMAGE + "\", \"command\": \"sleep 3600\","
                        + " \"environment\": {\"MODE\": \"template\"}, \"resources\": {\"cpu\": 0.5, \"memory\": \"64m\", \"idleTimeout\": 600},"
                        + " \"overridable\": [\"environment\", \"resources.memory\"]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("shared").asBoolean()).isFalse();
        assertThat(created.body().get("overridable").findValuesAsText("")).isEmpty();
        assertThat(created.body().get("overridable").toString())
                .contains("environment")
                .contains("resources.memory");
        assertThat(rest.post("/v1/templates", "{\"name\": \"" + name + "\", \"image\": \"" + IMAGE + "\"}")
                        .status())
                .isEqualTo(409);
        assertThat(rest.get("/v1/templates").body().get("items").findValuesAsText("name"))
                .contains(name);
        assertThat(rest.get("/v1/templates/" + name).body().get("command").toString())
                .isEqualTo("[\"/bin/sh\",\"-c\",\"sleep 3600\"]");

        // Another tenant neither sees nor uses it.
        Rest other = rest.withKey(otherKey("tpl-other"));
        assertThat(other.get("/v1/templates/" + name).status()).isEqualTo(404);
        assertThat(other.post("/v1/sandboxes", "{\"template\": \"" + name + "\"}")
                        .error()
                        .get("field")
                        .asText())
                .isEqualTo("template");

        // A sandbox made from it: the template's fields are in its effective spec, allowed overrides apply.
        Rest.Answer sandbox = rest.post(
                "/v1/sandboxes?wait=true",
                "{\"template\": \"" + name + "\", \"environment\": {\"MINE\": \"1\"},"
                        + " \"resources\": {\"memory\": \"96m\"}}");
        assertThat(sandbox.status()).as(sandbox.raw()).isEqualTo(201);
        JsonNode s = sandbox.body();
        String id = s.get("id").asText();
        assertThat(s.get("template").asText()).isEqualTo(name);
        assertThat(s.get("image").asText()).isEqualTo(IMAGE);
        assertThat(s.get("phase").asText()).isEqualTo("Running");
        assertThat(s.get("start").asText()).isEqualTo("cold");
        assertThat(s.get("resources").get("cpu").asDouble()).isEqualTo(0.5);
        assertThat(s.get("resources").get("memory").asText()).isEqualTo("96m");
        assertThat(s.get("resources").get("idleTimeout").asLong()).isEqualTo(600);
        assertThat(exec(id, "echo $MODE $MINE")).isEqualTo("template 1\n");
        // Overriding what the template does not allow: 400 naming the field, nothing made.
        int before = rest.get("/v1/sandboxes").body().get("items").size();
        Rest.Answer forbidden = rest.post("/v1/sandboxes", "{\"template\": \"" + name + "\", \"command\": \"sh\"}");
        assertThat(forbidden.status()).isEqualTo(400);
        assertThat(forbidden.error().get("field").asText()).isEqualTo("command");
        assertThat(rest.post("/v1/sandboxes", "{\"template\": \"" + name + "\", \"resources\": {\"cpu\": 2}}")
                        .error()
                        .get("field")
                        .asText())
                .isEqualTo("resources.cpu");
        assertThat(rest.post("/v1/sandboxes", "{\"template\": \"nope-" + name + "\"}")
                        .status())
                .isEqualTo(404);
        assertThat(rest.get("/v1/sandboxes").body().get("items").size()).isEqualTo(before);

        // Replacing the template leaves the running sandbox as it is.
        Rest.Answer replaced = rest.put(
                "/v1/templates/" + name,
                "{\"image\": \"" + IMAGE + "\", \"command\": \"sleep 7200\","
                        + " \"environment\": {\"MODE\": \"v2\"}}");
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(replaced.body().get("environment").get("MODE").asText()).isEqualTo("v2");
        assertThat(rest.put("/v1/templates/" + name, "{\"name\": \"other\", \"image\": \"" + IMAGE + "\"}")
                        .error()
                        .get("field")
                        .asText())
                .isEqualTo("name");
        assertThat(exec(id, "echo $MODE")).isEqualTo("template\n");

        // In use: refused; once the sandbox is gone, deleted.
        Rest.Answer inUse = rest.delete("/v1/templates/" + name);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.error().get("message").asText()).contains(id);
        deleteSandbox(id);
        assertThat(rest.delete("/v1/templates/" + name).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/templates/" + name).status() == 404);
    }

    @Test
    void theSdkManagesTemplatesAndStartsSandboxesFromThem() {
        String name = "sdk-" + UUID.randomUUID().toString().substring(0, 6);
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            BlockingSandboxClient sdk = client.blocking();
            TemplateInfo template = sdk.createTemplate(TemplateRequest.builder(name, IMAGE)
                    .command("sleep", "infinity")
                    .environment("FROM", "sdk")
                    .overridable("environment")
                    .build());
            assertThat(template.name()).isEqualTo(name);
            assertThat(template.shared()).isFalse();
            assertThat(template.overridable()).containsExactly("environment");
            assertThat(sdk.listTemplates()).extracting(TemplateInfo::name).contains(name);
            assertThat(sdk.getTemplate(name).environment()).containsEntry("FROM", "sdk");

            SandboxInfo sandbox = sdk.createSandbox(
                    CreateSandboxRequest.builder()
                            .template(name)
                            .environment("MINE", "1")
                            .build(),
                    true);
            assertThat(sandbox.template()).isEqualTo(name);
            assertThat(sandbox.start()).isEqualTo("cold");
            assertThat(sandbox.claimed()).isFalse();
            assertThat(sandbox.running()).isTrue();
            assertThat(sdk.executeCommand(sandbox.id(), "echo $FROM $MINE").stdout())
                    .isEqualTo("sdk 1\n");
            assertThatThrownBy(() -> sdk.createSandbox(CreateSandboxRequest.builder()
                            .template(name)
                            .command("sh")
                            .build()))
                    .isInstanceOfSatisfying(
                            SandboxValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("command"));
            assertThatThrownBy(() -> sdk.deleteTemplate(name)).isInstanceOf(SandboxException.class);

            TemplateInfo replaced = sdk.replaceTemplate(TemplateRequest.builder(name, IMAGE)
                    .command("sleep", "infinity")
                    .environment("FROM", "v2")
                    .build());
            assertThat(replaced.environment()).containsEntry("FROM", "v2");
            sdk.deleteSandbox(sandbox.id());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rest.get("/v1/sandboxes/" + sandbox.id()).status() == 404);
            sdk.deleteTemplate(name);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rest.get("/v1/templates/" + name).status() == 404);
        }
    }

    @Test
    void kubectlAppliesTheExamplesAndATemplateInUseIsHeldByItsFinalizer() throws Exception {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        assertThat(Files.readString(examples.resolve("template.yaml"))).contains("kind: SandboxTemplate");
        DockerCli.Result applied = kubectl(
                "apply",
                "--validate=false",
                "-f",
                examples.resolve("template.yaml").toString(),
                "-f",
                examples.resolve("warm-pool.yaml").toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            SandboxWarmPool pool = stack.kubernetesClient()
                    .resources(SandboxWarmPool.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName("busybox-shell-pool")
                    .get();
            assertThat(pool.getStatus()).isNotNull();
            assertThat(pool.getStatus().getReadyReplicas()).isEqualTo(3);
        });
        DockerCli.Result pools = kubectl("get", "sbxpool");
        assertThat(pools.output())
                .contains("busybox-shell-pool")
                .contains("READY")
                .contains("3");
        DockerCli.Result templates = kubectl("get", "sbxt");
        assertThat(templates.output()).contains("busybox-shell").contains("IN-USE");

        // A hand-written Sandbox naming the template gets the template's fields merged into its spec.
        DockerCli.Result fromTemplate = kubectl(
                "apply",
                "--validate=false",
                "-f",
                examples.resolve("sandbox-from-template.yaml").toString());
        assertThat(fromTemplate.exitCode()).as(fromTemplate.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Sandbox s = sandbox("shell-from-template");
            return s != null && s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Running;
        });
        Sandbox merged = sandbox("shell-from-template");
        assertThat(merged.getSpec().getImage()).isEqualTo(IMAGE);
        assertThat(merged.getSpec().getCommand()).containsExactly("sleep", "infinity");
        assertThat(merged.getSpec().getEnv())
                .containsEntry("TOOLBOX", "busybox")
                .containsEntry("PROJECT", "demo");
        assertThat(merged.getSpec().getResources().getCpu()).isEqualTo(0.5);
        assertThat(merged.getSpec().getResources().getMemory()).isEqualTo("64m");
        assertThat(merged.getMetadata().getAnnotations()).containsKey(SandboxTemplate.RESOLVED_ANNOTATION);

        // One that overrides what the template forbids fails with InvalidSpec naming the field.
        Path bad = home.resolve("bad.yaml");
        Files.writeString(bad, """
        apiVersion: sandbox.dev/v1alpha1
        kind: Sandbox
        metadata:
          name: shell-bad-override
        spec:
          templateRef: busybox-shell
          command: ["sh"]
        """);
        assertThat(kubectl("apply", "--validate=false", "-f", bad.toString()).exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Sandbox s = sandbox("shell-bad-override");
            assertThat(s.getStatus()).isNotNull();
            assertThat(s.getStatus().getPhase()).isEqualTo(SandboxPhase.Failed);
            assertThat(s.getStatus().getReason()).isEqualTo("InvalidSpec");
            assertThat(s.getStatus().getMessage()).contains("command");
        });
        assertThat(kubectl("delete", "sbx", "shell-bad-override", "--wait=false")
                        .exitCode())
                .isZero();

        // Deleting the template while the pool and a sandbox use it: held by the finalizer, the sandbox runs on.
        assertThat(kubectl("delete", "sbxt", "busybox-shell", "--wait=false").exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SandboxTemplate t = template("busybox-shell");
            assertThat(t).isNotNull();
            assertThat(t.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(t.getStatus().getMessage()).contains("deletion held");
        });
        assertThat(sandbox("shell-from-template").getStatus().getPhase()).isEqualTo(SandboxPhase.Running);
        assertThat(kubectl("delete", "sbxpool", "busybox-shell-pool", "--wait=false")
                        .exitCode())
                .isZero();
        assertThat(kubectl("delete", "sbx", "shell-from-template", "--wait=false")
                        .exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> template("busybox-shell") == null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stack.kubernetesClient()
                        .resources(Sandbox.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    static Sandbox sandbox(String name) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(name)
                .get();
    }

    static SandboxTemplate template(String name) {
        return stack.kubernetesClient()
                .resources(SandboxTemplate.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(name)
                .get();
    }

    static String otherKey(String tenant) throws Exception {
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant(tenant, "Other tenant");
        return keys.create(tenant, "test");
    }
}
