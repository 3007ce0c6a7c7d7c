package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxTemplateSpec;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.SandboxWarmPoolSpec;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.operator.model.SandboxNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm pools end to end: filling, claiming through REST, claims under contention and across an operator restart. */
class WarmPoolIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static KubernetesClient kube;
    final List<String> templates = new ArrayList<>();
    final List<String> pools = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "pool-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        kube = stack.kubernetesClient();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void cleanUp() {
        for (String pool : pools) {
            kube.resources(SandboxWarmPool.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName(pool)
                    .delete();
        }
        for (Sandbox s : kube.resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .list()
                .getItems()) {
            kube.resource(s).delete();
        }
        for (String t : templates) {
            kube.resources(SandboxTemplate.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName(t)
                    .delete();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> kube.resources(Sandbox.class)
                                .inNamespace(DevStack.NAMESPACE)
                                .list()
                                .getItems()
                                .isEmpty()
                        && templates.stream()
                                .allMatch(t -> kube.resources(SandboxTemplate.class)
                                                .inNamespace(DevStack.NAMESPACE)
                                                .withName(t)
                                                .get()
                                        == null));
    }

    /** A shared template (no tenant label) of a sleeping busybox with an environment variable, and a pool of it. */
    String templateWithPool(int replicas, Map<String, String> env) {
        String name = "tpl-" + UUID.randomUUID().toString().substring(0, 6);
        SandboxTemplate template = new SandboxTemplate();
        template.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(DevStack.NAMESPACE)
                .build());
        SandboxTemplateSpec spec = new SandboxTemplateSpec();
        spec.setImage(IMAGE);
        spec.setCommand(List.of("sleep", "infinity"));
        spec.setEnv(new LinkedHashMap<>(env));
        SandboxResources r = new SandboxResources();
        r.setCpu(0.5);
        r.setMemory("64m");
        spec.setResources(r);
        spec.setOverridable(
                List.of("environment", "resources.cpu", "resources.memory", "resources.timeout", "command"));
        template.setSpec(spec);
        kube.resource(template).create();
        templates.add(name);
        SandboxWarmPool pool = new SandboxWarmPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName(name + "-pool")
                .withNamespace(DevStack.NAMESPACE)
                .build());
        SandboxWarmPoolSpec poolSpec = new SandboxWarmPoolSpec();
        poolSpec.setTemplateRef(name);
        poolSpec.setReplicas(replicas);
        pool.setSpec(poolSpec);
        kube.resource(pool).create();
        pools.add(name + "-pool");
        return name;
    }

    static SandboxWarmPool pool(String template) {
        return kube.resources(SandboxWarmPool.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(template + "-pool")
                .get();
    }

    static void awaitReady(String template, int ready) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            SandboxWarmPool pool = pool(template);
            assertThat(pool.getStatus()).isNotNull();
            assertThat(pool.getStatus().getReadyReplicas()).isEqualTo(ready);
            assertThat(pool.getStatus().getReplicas()).isEqualTo(ready);
            assertThat(pooled(template)).hasSize(ready);
        });
    }

    /** Unclaimed sandboxes of the template's pool, by name. */
    static Set<String> pooled(String template) {
        Set<String> names = new HashSet<>();
        kube
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withLabel(SandboxWarmPool.POOL_LABEL, template + "-pool")
                .list()
                .getItems()
                .stream()
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .forEach(s -> names.add(s.getMetadata().getName()));
        return names;
    }

    static String exec(String id, String command) {
        Rest.Answer answer = rest.post(
                "/v1/sandboxes/" + id + "/exec",
                Rest.JSON.createObjectNode().put("command", command).toString());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("stdout").asText();
    }

    @Test
    void aClaimTakesAPooledSandboxWithTheCallersLimitsEnvironmentAndClocks() {
        String template = templateWithPool(2, Map.of("FROM_TEMPLATE", "t1"));
        awaitReady(template, 2);
        Set<String> before = pooled(template);
        // Pooled sandboxes belong to nobody: no tenant lists them.
        assertThat(rest.get("/v1/sandboxes").body().get("items")).isEmpty();

        Rest.Answer claimed = rest.post(
                "/v1/sandboxes?wait=true",
                "{\"template\": \"" + template + "\", \"environment\": {\"CLAIMED\": \"yes\"},"
                        + " \"resources\": {\"cpu\": 1.0, \"memory\": \"96m\", \"timeout\": 600}, \"labels\": {\"team\": \"blue\"}}");
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(201);
        JsonNode body = claimed.body();
        String id = body.get("id").asText();
        assertThat(before).contains(id);
        assertThat(body.get("start").asText()).isEqualTo("warm");
        assertThat(body.get("pool").asText()).isEqualTo(template + "-pool");
        assertThat(body.get("template").asText()).isEqualTo(template);
        assertThat(body.get("phase").asText()).isEqualTo("Running");
        assertThat(body.get("environment").get("CLAIMED").asText()).isEqualTo("yes");
        assertThat(body.get("environment").get("FROM_TEMPLATE").asText()).isEqualTo("t1");
        assertThat(body.get("resources").get("memory").asText()).isEqualTo("96m");
        assertThat(body.get("labels").get("team").asText()).isEqualTo("blue");
        String containerId = body.get("containerId").asText();

        // The claim-time environment reaches commands without a new container; the limits changed in place.
        assertThat(exec(id, "echo $CLAIMED $FROM_TEMPLATE")).isEqualTo("yes t1\n");
        String uid = kube.resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
        JsonNode inspect = DockerCli.inspect("container", "inspect", SandboxNames.container(uid));
        assertThat(inspect.get("Id").asText()).isEqualTo(containerId);
        assertThat(inspect.get("HostConfig").get("NanoCpus").asLong()).isEqualTo(1_000_000_000L);
        assertThat(inspect.get("HostConfig").get("Memory").asLong()).isEqualTo(96L * 1024 * 1024);
        // The lifetime counts from the claim, not from when the pool made the sandbox.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode now = rest.get("/v1/sandboxes/" + id).body();
            assertThat(now.get("expiresAt").isNull()).isFalse();
            Instant claimedAt = Instant.parse(now.get("claimedAt").asText());
            assertThat(Instant.parse(now.get("expiresAt").asText())).isEqualTo(claimedAt.plusSeconds(600));
        });
        assertThat(rest.get("/v1/sandboxes").body().get("items").findValuesAsText("id"))
                .containsExactly(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kube.v1().events().inNamespace(DevStack.NAMESPACE).list().getItems().stream()
                        .anyMatch(e -> id.equals(e.getInvolvedObject().getName()) && "Claimed".equals(e.getReason())));

        // The pool refills with a new sandbox; the claimed one is no longer in it.
        awaitReady(template, 2);
        assertThat(pooled(template)).doesNotContain(id);

        // From now on it behaves like any sandbox: stop, start, restart, files, environment change, delete.
        assertThat(rest.post("/v1/sandboxes/" + id + "/stop?wait=true", "")
                        .body()
                        .get("phase")
                        .asText())
                .isEqualTo("Stopped");
        assertThat(rest.post("/v1/sandboxes/" + id + "/start?wait=true", "")
                        .body()
                        .get("phase")
                        .asText())
                .isEqualTo("Running");
        assertThat(exec(id, "echo $CLAIMED")).isEqualTo("yes\n");
        assertThat(rest.post("/v1/sandboxes/" + id + "/restart?wait=true", "").status())
                .isEqualTo(200);
        assertThat(rest.put("/v1/sandboxes/" + id + "/volumes/workspace/file?path=note.txt", "hello")
                        .status())
                .isEqualTo(200);
        assertThat(exec(id, "cat /workspace/note.txt")).isEqualTo("hello");
        Rest.Answer env =
                rest.put("/v1/sandboxes/" + id + "/environment?wait=true", "{\"environment\": {\"LATER\": \"1\"}}");
        assertThat(env.status()).as(env.raw()).isEqualTo(200);
        assertThat(env.body().get("environment").get("CLAIMED").asText()).isEqualTo("yes");
        assertThat(exec(id, "echo $CLAIMED $LATER $FROM_TEMPLATE")).isEqualTo("yes 1 t1\n");
        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
    }

    @Test
    void anEmptyPoolOrAnUnclaimableRequestStartsColdAndSaysSo() {
        String template = templateWithPool(0, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> pool(template).getStatus() != null);
        Rest.Answer cold = rest.post("/v1/sandboxes?wait=true", "{\"template\": \"" + template + "\"}");
        assertThat(cold.status()).as(cold.raw()).isEqualTo(201);
        assertThat(cold.body().get("start").asText()).isEqualTo("cold");
        assertThat(cold.body().get("startMessage").asText()).contains("no ready sandbox");
        assertThat(cold.body().get("phase").asText()).isEqualTo("Running");
        String id = cold.body().get("id").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kube.v1().events().inNamespace(DevStack.NAMESPACE).list().getItems().stream()
                        .anyMatch(
                                e -> id.equals(e.getInvolvedObject().getName()) && "ColdStart".equals(e.getReason())));

        kube.resources(SandboxWarmPool.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(template + "-pool")
                .edit(p -> {
                    p.getSpec().setReplicas(1);
                    return p;
                });
        awaitReady(template, 1);
        Rest.Answer own =
                rest.post("/v1/sandboxes", "{\"template\": \"" + template + "\", \"command\": \"sleep 1000\"}");
        assertThat(own.status()).as(own.raw()).isEqualTo(201);
        assertThat(own.body().get("start").asText()).isEqualTo("cold");
        assertThat(own.body().get("startMessage").asText()).contains("command");
        assertThat(pooled(template)).hasSize(1);
    }

    @Test
    void twentyConcurrentClaimsOnAPoolOfFiveNeverShareASandbox() throws Exception {
        String template = templateWithPool(5, Map.of());
        awaitReady(template, 5);
        Set<String> pooledBefore = pooled(template);
        ExecutorService threads = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(threads.submit((Callable<JsonNode>) () -> {
                go.await();
                Rest.Answer a = rest.post("/v1/sandboxes", "{\"template\": \"" + template + "\"}");
                assertThat(a.status()).as(a.raw()).isEqualTo(201);
                return a.body();
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int warm = 0;
        for (Future<JsonNode> f : answers) {
            JsonNode body = f.get();
            ids.add(body.get("id").asText());
            if ("warm".equals(body.get("start").asText())) {
                warm++;
                assertThat(pooledBefore).contains(body.get("id").asText());
            }
        }
        threads.shutdown();
        assertThat(ids).hasSize(20);
        assertThat(warm).isBetween(1, 5);
        // Every claimed one has exactly one owner, and the pool is back at five without extras.
        for (String id : ids) {
            Sandbox s = kube.resources(Sandbox.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName(id)
                    .get();
            assertThat(s.getMetadata().getLabels())
                    .containsEntry(Sandbox.TENANT_LABEL, DevStack.TENANT)
                    .doesNotContainKey(SandboxWarmPool.POOL_LABEL);
        }
        awaitReady(template, 5);
        assertThat(pooled(template)).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void aTemplateChangeReplacesThePooledSandboxes() {
        String template = templateWithPool(2, Map.of("VERSION", "1"));
        awaitReady(template, 2);
        Set<String> old = pooled(template);
        kube.resources(SandboxTemplate.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(template)
                .edit(t -> {
                    t.getSpec().getEnv().put("VERSION", "2");
                    return t;
                });
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(pooled(template)).hasSize(2).doesNotContainAnyElementsOf(old);
            // The pool's status may still count the replaced ones for a moment: the new sandboxes themselves must run.
            for (String name : pooled(template)) {
                Sandbox s = kube.resources(Sandbox.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withName(name)
                        .get();
                assertThat(s.getStatus()).isNotNull();
                assertThat(s.getStatus().getPhase()).isEqualTo(dev.sandbox.crd.SandboxPhase.Running);
            }
            assertThat(pool(template).getStatus().getReadyReplicas()).isEqualTo(2);
        });
        Rest.Answer claimed = rest.post("/v1/sandboxes", "{\"template\": \"" + template + "\"}");
        assertThat(claimed.body().get("start").asText()).isEqualTo("warm");
        assertThat(exec(claimed.body().get("id").asText(), "echo $VERSION")).isEqualTo("2\n");
    }

    @Test
    void claimsRacingAnOperatorRestartNeitherLoseNorDuplicateASandbox() throws Exception {
        String template = templateWithPool(3, Map.of());
        awaitReady(template, 3);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<String>> claims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claims.add(threads.submit(() -> rest.post("/v1/sandboxes", "{\"template\": \"" + template + "\"}")
                    .body()
                    .get("id")
                    .asText()));
        }
        stack.restartOperator(runtime -> runtime);
        Set<String> ids = new HashSet<>();
        for (Future<String> f : claims) {
            ids.add(f.get());
        }
        threads.shutdown();
        assertThat(ids).hasSize(3);
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "Running"
                            .equals(rest.get("/v1/sandboxes/" + id)
                                    .body()
                                    .path("phase")
                                    .asText()));
        }
        awaitReady(template, 3);
        assertThat(pooled(template)).doesNotContainAnyElementsOf(ids);
        // Stable: a few passes later there are still exactly three.
        await().pollDelay(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pooled(template)).hasSize(3));
    }

    @Test
    void anotherTenantSeesNeitherThePoolNorTheClaim() throws Exception {
        String template = templateWithPool(1, Map.of());
        awaitReady(template, 1);
        Rest other = rest.withKey(otherKey("pool-other"));
        String id = rest.post("/v1/sandboxes", "{\"template\": \"" + template + "\"}")
                .body()
                .get("id")
                .asText();
        assertThat(other.get("/v1/sandboxes/" + id).status()).isEqualTo(404);
        assertThat(other.get("/v1/sandboxes").body().get("items")).isEmpty();
        // A shared template is usable by every tenant.
        assertThat(other.get("/v1/templates/" + template).status()).isEqualTo(200);
    }

    static String otherKey(String tenant) throws Exception {
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant(tenant, "Other tenant");
        return keys.create(tenant, "test");
    }
}
