package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeClassSpec;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.VolumeClassType;
import dev.sandbox.operator.model.SandboxNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile tenant tries to reach the host through network volumes: engine options through REST and through a resource
 * written directly (as kubectl does), a class an administrator got wrong, and symbolic links through the file API.
 */
class VolumeSecurityIT {
    static final String IMAGE = NetworkVolumeIT.IMAGE;

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "volsec-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Docker volumes any operator made for a NetworkVolume of this name. */
    static String dockerVolumesNamed(String name) {
        return DockerCli.run("docker", "volume", "ls", "-q", "--filter", "label=sandbox.dev/network-volume=" + name)
                .output()
                .trim();
    }

    @Test
    void restRefusesEngineOptionsNamingTheFieldAndCreatesNothing() {
        String name = unique("etc");
        Rest.Answer bind = rest.post(
                "/v1/network-volumes",
                "{\"name\": \"" + name + "\", \"driverOptions\": {\"type\": \"none\", \"o\": \"bind\","
                        + " \"device\": \"/etc\"}}");
        assertThat(bind.status()).as(bind.raw()).isEqualTo(400);
        assertThat(bind.error().get("field").asText()).isEqualTo("driverOptions");
        assertThat(bind.error().get("message").asText()).contains("className");
        Rest.Answer driver = rest.post("/v1/network-volumes", "{\"name\": \"" + name + "\", \"driver\": \"local\"}");
        assertThat(driver.status()).as(driver.raw()).isEqualTo(400);
        assertThat(driver.error().get("field").asText()).isEqualTo("driver");
        Rest.Answer noClass =
                rest.post("/v1/network-volumes", "{\"name\": \"" + name + "\", \"className\": \"no-such-class\"}");
        assertThat(noClass.status()).as(noClass.raw()).isEqualTo(400);
        assertThat(noClass.error().get("field").asText()).isEqualTo("className");
        assertThat(noClass.error().get("message").asText()).contains("local").contains("memory");
        Rest.Answer tooBig = rest.post("/v1/network-volumes", "{\"name\": \"" + name + "\", \"size\": \"11g\"}");
        assertThat(tooBig.status()).as(tooBig.raw()).isEqualTo(400);
        assertThat(tooBig.error().get("field").asText()).isEqualTo("size");

        assertThat(rest.get("/v1/network-volumes/" + name).status()).isEqualTo(404);
        assertThat(stack.kubernetesClient()
                        .resources(NetworkVolume.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withName(name)
                        .get())
                .isNull();
        assertThat(dockerVolumesNamed(name)).isEmpty();

        JsonNode classes = rest.get("/v1/network-volume-classes").body().get("items");
        assertThat(classes.findValuesAsText("name")).contains("local", "memory");
        assertThat(classes.toString()).doesNotContain("options");
    }

    /** The NetworkVolume behind the default tenant's volume of that name (kubectl lists resource names). */
    static String resourceName(String volume) {
        return stack.kubernetesClient()
                .resources(NetworkVolume.class)
                .inNamespace(DevStack.NAMESPACE)
                .withLabel(Sandbox.TENANT_LABEL, DevStack.TENANT)
                .withLabel(NetworkVolume.DISPLAY_NAME_LABEL, volume)
                .list()
                .getItems()
                .get(0)
                .getMetadata()
                .getName();
    }

    @Test
    void aResourceWrittenWithEngineOptionsFailsNamingTheFieldAndNoSandboxMountsIt() {
        String name = unique("smuggled");
        GenericKubernetesResource raw = new GenericKubernetesResource();
        raw.setApiVersion("sandbox.dev/v1alpha1");
        raw.setKind("NetworkVolume");
        raw.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(DevStack.NAMESPACE)
                .withLabels(Map.of(Sandbox.TENANT_LABEL, DevStack.TENANT))
                .build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("driver", "local");
        spec.put("driverOptions", Map.of("type", "none", "o", "bind", "device", "/etc"));
        spec.put("mountPath", "/host");
        raw.setAdditionalProperty("spec", spec);
        stack.kubernetesClient()
                .genericKubernetesResources("sandbox.dev/v1alpha1", "NetworkVolume")
                .inNamespace(DevStack.NAMESPACE)
                .resource(raw)
                .create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode v = rest.get("/v1/network-volumes/" + name).body();
            assertThat(v.get("phase").asText()).isEqualTo("Failed");
            assertThat(v.get("message").asText()).contains("spec.driverOptions").contains("spec.driver ");
        });
        Rest.Answer created =
                rest.post("/v1/sandboxes", "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name + "\": {}}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode s = rest.get("/v1/sandboxes/" + id).body();
            assertThat(s.get("phase").asText()).isEqualTo("Failed");
            assertThat(s.get("reason").asText()).isEqualTo("VolumeFailed");
            assertThat(s.get("message").asText()).contains("driverOptions");
        });
        assertThat(dockerVolumesNamed(name)).isEmpty();
        assertThat(DockerCli.exists("container", SandboxNames.container(uid(id))))
                .isFalse();

        NetworkVolumeIT.deleteSandbox(rest, id);
        assertThat(rest.delete("/v1/network-volumes/" + name).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/network-volumes/" + name).status() == 404);
    }

    @Test
    void aClassThatBindsAHostPathIsRefusedUnlessTrustedAndAClassInUseIsHeld() {
        String hostEtc = unique("host-etc");
        NetworkVolumeClassSpec spec = new NetworkVolumeClassSpec();
        spec.setType(VolumeClassType.Driver);
        spec.setOptions(Map.of("type", "none", "o", "bind", "device", "/etc"));
        createClass(hostEtc, spec);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Invalid".equals(phaseOf(hostEtc)));
        assertThat(stack.kubernetesClient()
                        .resources(NetworkVolumeClass.class)
                        .withName(hostEtc)
                        .get()
                        .getStatus()
                        .getMessage())
                .contains("spec.options.device")
                .contains("allowHostPaths");
        Rest.Answer refused = rest.post(
                "/v1/network-volumes", "{\"name\": \"" + unique("v") + "\", \"className\": \"" + hostEtc + "\"}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.error().get("field").asText()).isEqualTo("className");
        assertThat(rest.get("/v1/network-volume-classes").body().toString()).doesNotContain(hostEtc);

        // A class in use cannot go away under its volumes.
        String small = unique("small");
        NetworkVolumeClassSpec disk = new NetworkVolumeClassSpec();
        disk.setMaxSize("64m");
        disk.setDefaultSize("32m");
        createClass(small, disk);
        await().atMost(Duration.ofSeconds(20)).until(() -> "Ready".equals(phaseOf(small)));
        String volume = unique("held");
        Rest.Answer created =
                rest.post("/v1/network-volumes", "{\"name\": \"" + volume + "\", \"className\": \"" + small + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("className").asText()).isEqualTo(small);
        stack.kubernetesClient()
                .resources(NetworkVolumeClass.class)
                .withName(small)
                .delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Terminating".equals(phaseOf(small)));
        assertThat(stack.kubernetesClient()
                        .resources(NetworkVolumeClass.class)
                        .withName(small)
                        .get()
                        .getStatus()
                        .getVolumes())
                .containsExactly(DevStack.NAMESPACE + "/" + resourceName(volume));
        assertThat(rest.delete("/v1/network-volumes/" + volume).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack.kubernetesClient()
                                .resources(NetworkVolumeClass.class)
                                .withName(small)
                                .get()
                        == null);
        stack.kubernetesClient()
                .resources(NetworkVolumeClass.class)
                .withName(hostEtc)
                .delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack.kubernetesClient()
                                .resources(NetworkVolumeClass.class)
                                .withName(hostEtc)
                                .get()
                        == null);
    }

    @Test
    void theFileApiCannotLeaveAVolumeThroughSymbolicLinks() throws Exception {
        String name = unique("links");
        assertThat(rest.post("/v1/network-volumes", "{\"name\": \"" + name + "\", \"mountPath\": \"/data\"}")
                        .status())
                .isEqualTo(201);
        String id = NetworkVolumeIT.createSandbox(
                rest, "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name + "\": {}}}");
        NetworkVolumeIT.exec(
                rest,
                id,
                "ln -s /etc /data/etc && ln -s ../../../../../../../../etc/passwd /data/up && ln -s / /data/root"
                        + " && ln -s /etc /workspace/etc && ln -s ../../../../../../../../tmp /workspace/tmp && echo ok");
        String hostPasswd = Files.readString(Path.of("/etc/passwd"));
        for (String volume : new String[] {name, "workspace"}) {
            for (String path : new String[] {"etc/passwd", "up", "root/etc/passwd", "tmp"}) {
                Rest.Answer read = rest.get("/v1/sandboxes/" + id + "/volumes/" + volume + "/file?path=" + path);
                assertThat(read.status())
                        .as(volume + ":" + path + " " + read.raw())
                        .isIn(400, 404);
                assertThat(read.raw()).doesNotContain("root:x:0:0").isNotEqualTo(hostPasswd);
            }
        }
        String marker = "escape-" + UUID.randomUUID();
        Rest.Answer write = rest.put("/v1/sandboxes/" + id + "/volumes/" + name + "/file?path=root/tmp/" + marker, "x");
        assertThat(write.status()).as(write.raw()).isIn(400, 404);
        Rest.Answer viaWorkspace = rest.put("/v1/sandboxes/" + id + "/volumes/workspace/file?path=tmp/" + marker, "x");
        assertThat(viaWorkspace.status()).as(viaWorkspace.raw()).isIn(400, 404);
        assertThat(Path.of("/tmp", marker)).doesNotExist();
        Rest.Answer listed = rest.get("/v1/sandboxes/" + id + "/volumes/" + name + "/files?path=etc");
        assertThat(listed.status()).as(listed.raw()).isIn(400, 404);

        NetworkVolumeIT.deleteSandbox(rest, id);
        assertThat(rest.delete("/v1/network-volumes/" + name).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/network-volumes/" + name).status() == 404);
    }

    static String uid(String id) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
    }

    static void createClass(String name, NetworkVolumeClassSpec spec) {
        NetworkVolumeClass cls = new NetworkVolumeClass();
        cls.setMetadata(new ObjectMetaBuilder().withName(name).build());
        cls.setSpec(spec);
        stack.kubernetesClient().resource(cls).create();
    }

    static String phaseOf(String cls) {
        NetworkVolumeClass c = stack.kubernetesClient()
                .resources(NetworkVolumeClass.class)
                .withName(cls)
                .get();
        return c == null || c.getStatus() == null ? null : c.getStatus().getPhase();
    }
}
