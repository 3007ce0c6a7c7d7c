package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.CreateNetworkVolumeRequest;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.NetworkVolumeClassInfo;
import dev.sandbox.client.NetworkVolumeInfo;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxVolumeException;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.DiskConfig;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network volumes shared between sandboxes, mounted into running ones, protected while in use, end to end. */
class NetworkVolumeIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "nvol-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String exec(String id, String command) {
        return exec(rest, id, command);
    }

    static String exec(Rest rest, String id, String command) {
        Rest.Answer answer = rest.post(
                "/v1/sandboxes/" + id + "/exec",
                Rest.JSON.createObjectNode().put("command", command).toString());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("stdout").asText()
                + answer.body().get("stderr").asText();
    }

    static String createSandbox(String body) {
        return createSandbox(rest, body);
    }

    static String createSandbox(Rest rest, String body) {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("phase").asText()).as(created.raw()).isEqualTo("Running");
        return created.body().get("id").asText();
    }

    static void deleteSandbox(String id) {
        deleteSandbox(rest, id);
    }

    static void deleteSandbox(Rest rest, String id) {
        rest.delete("/v1/sandboxes/" + id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
    }

    static String uidOf(String volume) {
        return resourceOf(DevStack.TENANT, volume).getMetadata().getUid();
    }

    /** The NetworkVolume resource behind a tenant's volume: found by its labels, as kubectl users are told to. */
    static NetworkVolume resourceOf(String tenant, String volume) {
        java.util.List<NetworkVolume> found = stack.kubernetesClient()
                .resources(NetworkVolume.class)
                .inNamespace(DevStack.NAMESPACE)
                .withLabel(Sandbox.TENANT_LABEL, tenant)
                .withLabel(NetworkVolume.DISPLAY_NAME_LABEL, volume)
                .list()
                .getItems();
        assertThat(found)
                .as("NetworkVolume of tenant %s named %s", tenant, volume)
                .hasSize(1);
        return found.get(0);
    }

    @Test
    void twoSandboxesShareAVolumeWhoseDataOutlivesThem() {
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 6);
        Rest.Answer created =
                rest.post("/v1/network-volumes", "{\"name\": \"" + name + "\", \"mountPath\": \"/data\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(rest.post("/v1/network-volumes", "{\"name\": \"" + name + "\"}")
                        .status())
                .isEqualTo(409);
        assertThat(rest.get("/v1/network-volumes").body().get("items").findValuesAsText("name"))
                .contains(name);
        String uid = uidOf(name);

        String writer = createSandbox("{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name + "\": {}}}");
        String reader = createSandbox("{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name
                + "\": {\"mountPath\": \"/shared\", \"readOnly\": true}}}");
        assertThat(exec(writer, "echo from-writer > /data/note && echo ok")).isEqualTo("ok\n");
        assertThat(exec(reader, "cat /shared/note")).isEqualTo("from-writer\n");
        assertThat(exec(reader, "touch /shared/x 2>&1 || true")).contains("Read-only file system");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode v = rest.get("/v1/network-volumes/" + name).body();
            assertThat(v.get("phase").asText()).isEqualTo("Ready");
            assertThat(v.get("nodes").findValuesAsText("")).isNotNull();
            assertThat(v.get("nodes").toString()).contains(stack.settings().node());
            assertThat(v.get("mountedBy").toString()).contains(writer).contains(reader);
            assertThat(v.get("usedBytes").asLong()).isGreaterThanOrEqualTo(12);
        });

        // In use: the API refuses, and a direct delete of the resource is held by its finalizer.
        Rest.Answer refused = rest.delete("/v1/network-volumes/" + name);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error().get("message").asText()).contains(writer);
        stack.kubernetesClient().resource(resourceOf(DevStack.TENANT, name)).delete();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> "Terminating"
                        .equals(rest.get("/v1/network-volumes/" + name)
                                .body()
                                .path("phase")
                                .asText()));
        assertThat(DockerCli.exists("volume", SandboxNames.sharedVolume(uid))).isTrue();

        deleteSandbox(writer);
        deleteSandbox(reader);
        // Deleting sandboxes never deletes shared volumes; the held deletion now completes and removes the Docker
        // volume.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/network-volumes/" + name).status() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> !DockerCli.exists("volume", SandboxNames.sharedVolume(uid)));
    }

    @Test
    void mountingIntoARunningSandboxKeepsItsWorkspaceAndDataSurvives() throws Exception {
        String name = "live-" + UUID.randomUUID().toString().substring(0, 6);
        try (SandboxClient sdk = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            NetworkVolumeInfo volume = sdk.blocking().createNetworkVolume(name, null, null, null);
            assertThat(volume.name()).isEqualTo(name);
            String id = createSandbox("{\"image\": \"" + IMAGE + "\"}");
            exec(id, "echo mine > /workspace/keep");

            SandboxInfo mounted = sdk.blocking().mountVolume(id, name, "/mnt/data", null);
            assertThat(mounted.phase()).isEqualTo("Running");
            assertThat(mounted.mounts()).containsExactly(new SandboxInfo.Mount(name, "/mnt/data", false));
            assertThat(exec(id, "echo shared > /mnt/data/f && cat /workspace/keep /mnt/data/f"))
                    .isEqualTo("mine\nshared\n");

            Rest.Answer twicePath = rest.post(
                    "/v1/sandboxes/" + id + "/mounts", "{\"volume\": \"" + name + "\", \"mountPath\": \"/other\"}");
            assertThat(twicePath.status()).isEqualTo(409);
            Assertions.assertThatThrownBy(() -> sdk.blocking().mountVolume(id, "no-such-volume", "/x", null))
                    .isInstanceOfSatisfying(
                            SandboxVolumeException.class,
                            e -> assertThat(e.status()).isEqualTo(404));
            Rest.Answer badPath = rest.post(
                    "/v1/sandboxes/" + id + "/mounts", "{\"volume\": \"" + name + "\", \"mountPath\": \"/proc/x\"}");
            assertThat(badPath.status()).isEqualTo(400);
            assertThat(badPath.error().get("field").asText()).isEqualTo("mountPath");

            SandboxInfo unmounted = sdk.blocking().unmountVolume(id, name);
            assertThat(unmounted.mounts()).isEmpty();
            assertThat(exec(id, "ls /mnt/data 2>&1; cat /workspace/keep"))
                    .contains("No such file")
                    .contains("mine");
            assertThat(rest.delete("/v1/sandboxes/" + id + "/mounts/" + name).status())
                    .isEqualTo(404);

            // The data stayed in the volume: a new sandbox sees it.
            String again = createSandbox(
                    "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name + "\": {\"mountPath\": \"/d\"}}}");
            assertThat(exec(again, "cat /d/f")).isEqualTo("shared\n");
            deleteSandbox(again);
            deleteSandbox(id);
            sdk.blocking().deleteNetworkVolume(name);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rest.get("/v1/network-volumes/" + name).status() == 404);
        }
    }

    @Test
    void filesOfANetworkVolumeAreReachedByItsNameThroughTheSandboxesThatMountIt() {
        String name = "files-" + UUID.randomUUID().toString().substring(0, 6);
        try (SandboxClient sdk = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            sdk.blocking().createNetworkVolume(name, null, null, "/data");
            String writer = createSandbox("{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name + "\": {}}}");
            String reader = createSandbox(
                    "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + name + "\": {\"readOnly\": true}}}");
            String outsider = createSandbox("{\"image\": \"" + IMAGE + "\"}");

            sdk.blocking().makeDirectory(writer, name, "reports");
            sdk.blocking().writeFile(writer, name, "reports/a.txt", "from the API\n");
            // The sandboxes see the file at their mount path, and the sandbox user owns it.
            assertThat(exec(writer, "cat /data/reports/a.txt && echo more >> /data/reports/a.txt && echo ok"))
                    .isEqualTo("from the API\nok\n");
            assertThat(new String(sdk.blocking().readFile(reader, name, "reports/a.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("from the API\nmore\n");
            assertThat(sdk.blocking().listDirectory(reader, name, "reports").entries())
                    .extracting(e -> e.name())
                    .containsExactly("a.txt");

            // Read-only for the sandbox that mounts it so; unknown to one that does not mount it; traversal refused.
            Assertions.assertThatThrownBy(() -> sdk.blocking().writeFile(reader, name, "reports/b.txt", "x"))
                    .isInstanceOfSatisfying(
                            SandboxException.class, e -> assertThat(e.status()).isEqualTo(409));
            Rest.Answer notMounted =
                    rest.get("/v1/sandboxes/" + outsider + "/volumes/" + name + "/file?path=reports/a.txt");
            assertThat(notMounted.status()).as(notMounted.raw()).isEqualTo(404);
            assertThat(notMounted.error().get("message").asText()).contains(name);
            Rest.Answer traversal =
                    rest.get("/v1/sandboxes/" + writer + "/volumes/" + name + "/file?path=../../etc/passwd");
            assertThat(traversal.status()).as(traversal.raw()).isEqualTo(400);

            deleteSandbox(writer);
            deleteSandbox(reader);
            deleteSandbox(outsider);
            sdk.blocking().deleteNetworkVolume(name);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rest.get("/v1/network-volumes/" + name).status() == 404);
        }
    }

    @Test
    void theSdkPicksAClassAndASizeAndSeesTheWorkspaceFill() {
        try (SandboxClient sdk = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            java.util.List<NetworkVolumeClassInfo> classes = sdk.blocking().listNetworkVolumeClasses();
            assertThat(classes).extracting(NetworkVolumeClassInfo::name).contains("local", "memory");
            NetworkVolumeClassInfo local = classes.stream()
                    .filter(c -> c.name().equals("local"))
                    .findFirst()
                    .orElseThrow();
            assertThat(local.isDefault()).isTrue();
            assertThat(local.type()).isEqualTo("Disk");
            assertThat(local.maxSize()).isEqualTo("10g");

            String name = "sdk-" + UUID.randomUUID().toString().substring(0, 6);
            NetworkVolumeInfo volume = sdk.blocking()
                    .createNetworkVolume(new CreateNetworkVolumeRequest(name, "memory", "32m", "/m", null));
            assertThat(volume.className()).isEqualTo("memory");
            Assertions.assertThatThrownBy(() -> sdk.blocking()
                            .createNetworkVolume(
                                    new CreateNetworkVolumeRequest(name + "x", "no-such", null, null, null)))
                    .isInstanceOfSatisfying(SandboxVolumeException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.field()).isEqualTo("className");
                    });

            SandboxInfo sandbox = sdk.blocking()
                    .createSandbox(
                            CreateSandboxRequest.builder()
                                    .image(IMAGE)
                                    .resources(ResourceConfig.defaults().withDisk("64m"))
                                    .build(),
                            true);
            assertThat(sandbox.resources().disk()).isEqualTo("64m");
            exec(sandbox.id(), "head -c 10485760 /dev/zero > /workspace/ten");
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                SandboxInfo.Disk disk = sdk.blocking().getSandbox(sandbox.id()).disk();
                assertThat(disk).isNotNull();
                assertThat(disk.limitBytes()).isEqualTo(64L * 1024 * 1024);
                assertThat(disk.usedBytes()).isGreaterThan(10L * 1024 * 1024);
                assertThat(disk.enforced()).isTrue();
            });
            deleteSandbox(sandbox.id());
            sdk.blocking().deleteNetworkVolume(name);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rest.get("/v1/network-volumes/" + name).status() == 404);
        }
    }

    @Test
    void sizeIsEnforcedByTheVolumesClassInsideTheSandbox() {
        String disk = "disk-" + UUID.randomUUID().toString().substring(0, 6);
        String memory = "mem-" + UUID.randomUUID().toString().substring(0, 6);
        Rest.Answer created = rest.post("/v1/network-volumes", "{\"name\": \"" + disk + "\", \"size\": \"32m\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("className").asText()).isEqualTo("local");
        assertThat(rest.post(
                                "/v1/network-volumes",
                                "{\"name\": \"" + memory + "\", \"className\": \"memory\", \"size\": \"16m\"}")
                        .status())
                .isEqualTo(201);
        assertThat(rest.post("/v1/network-volumes", "{\"name\": \"bad\", \"size\": \"lots\"}")
                        .status())
                .isEqualTo(400);
        assertThat(rest.post("/v1/network-volumes", "{\"name\": \"Bad_Name\"}").status())
                .isEqualTo(400);

        String id = createSandbox("{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + disk
                + "\": {\"mountPath\": \"/disk\"}, \"" + memory + "\": {\"mountPath\": \"/mem\"}}}");
        // Past the size: the file system itself says no, inside the sandbox.
        assertThat(exec(id, "dd if=/dev/zero of=/disk/big bs=1048576 count=48 2>&1; echo exit=$?"))
                .contains("No space left on device")
                .contains("exit=1");
        assertThat(Long.parseLong(exec(id, "wc -c < /disk/big").trim())).isLessThanOrEqualTo(32L * 1024 * 1024);
        assertThat(exec(id, "head -c 25165824 /dev/zero > /mem/big; echo exit=$?"))
                .contains("exit=1");
        assertThat(Long.parseLong(exec(id, "wc -c < /mem/big").trim())).isLessThanOrEqualTo(16L * 1024 * 1024);
        // The volume's status is refreshed every 15 s.
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            JsonNode d = rest.get("/v1/network-volumes/" + disk).body();
            assertThat(d.get("sizeEnforced").asBoolean()).isTrue();
            assertThat(d.get("limitBytes").asLong()).isEqualTo(32L * 1024 * 1024);
            assertThat(d.get("usedBytes").asLong()).isGreaterThan(16L * 1024 * 1024);
            assertThat(rest.get("/v1/network-volumes/" + memory)
                            .body()
                            .get("sizeEnforced")
                            .asBoolean())
                    .isTrue();
        });
        String dockerVolume = SandboxNames.sharedVolume(uidOf(disk));
        assertThat(Path.of(DiskConfig.DEFAULT_DIRECTORY, dockerVolume + ".img")).exists();
        deleteSandbox(id);
        assertThat(rest.delete("/v1/network-volumes/" + disk).status()).isEqualTo(204);
        assertThat(rest.delete("/v1/network-volumes/" + memory).status()).isEqualTo(204);
        assertThat(rest.delete("/v1/network-volumes/never-made").status()).isEqualTo(404);
        // The file system, its loop device and its image go with the volume.
        await().atMost(Duration.ofSeconds(30)).until(() -> !DockerCli.exists("volume", dockerVolume));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !Path.of(DiskConfig.DEFAULT_DIRECTORY, dockerVolume + ".img")
                        .toFile()
                        .exists());
        assertThat(DockerCli.run("losetup", "-a").output()).doesNotContain(dockerVolume);
    }
    /** A tenant made through the administration API, with a key of its own. */
    static Rest tenant(String name) {
        Rest.Answer tenant = rest.post("/v1/admin/tenants", "{\"name\": \"" + name + "\"}");
        assertThat(tenant.status()).as(tenant.raw()).isEqualTo(201);
        Rest.Answer key = rest.post("/v1/admin/tenants/" + name + "/keys", "{\"name\": \"volumes\"}");
        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        return new Rest(stack.gatewayUrl(), key.body().get("key").asText());
    }

    /** An error answer with the volume's name taken out, to compare the answers for two names. */
    static String withoutName(Rest.Answer answer, String name) {
        return answer.status() + " " + answer.raw().replace(name, "NAME");
    }

    @Test
    void twoTenantsEachHaveTheirOwnVolumeOfOneNameAndLearnNothingOfTheOther() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenantA = "vol-a-" + suffix;
        String tenantB = "vol-b-" + suffix;
        Rest a = tenant(tenantA);
        Rest b = tenant(tenantB);
        String onlyA = "only-a-" + suffix;
        String unknown = "never-" + suffix;

        // Both call their volume "data": no 409 for the second, and the own name again is a 409 for its owner only.
        Rest.Answer dataA = a.post("/v1/network-volumes", "{\"name\": \"data\", \"mountPath\": \"/data\"}");
        assertThat(dataA.status()).as(dataA.raw()).isEqualTo(201);
        assertThat(dataA.body().get("name").asText()).isEqualTo("data");
        try (SandboxClient sdkB = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(b.key())
                .build()) {
            NetworkVolumeInfo info = sdkB.blocking().createNetworkVolume("data", null, null, "/data");
            assertThat(info.name()).isEqualTo("data");
        }
        assertThat(a.post("/v1/network-volumes", "{\"name\": \"data\"}").status())
                .isEqualTo(409);
        assertThat(b.post("/v1/network-volumes", "{\"name\": \"data\"}").status())
                .isEqualTo(409);
        assertThat(a.post("/v1/network-volumes", "{\"name\": \"" + onlyA + "\"}")
                        .status())
                .isEqualTo(201);

        // Two resources in kubectl, found by their labels; neither is called plainly "data".
        NetworkVolume resourceA = resourceOf(tenantA, "data");
        NetworkVolume resourceB = resourceOf(tenantB, "data");
        assertThat(resourceA.getMetadata().getName())
                .startsWith("data-")
                .isNotEqualTo(resourceB.getMetadata().getName());
        assertThat(resourceB.getMetadata().getName()).startsWith("data-");

        // Lists: each its own.
        assertThat(a.get("/v1/network-volumes").body().get("items").findValuesAsText("name"))
                .containsExactly("data", onlyA);
        Rest.Answer listB = b.get("/v1/network-volumes");
        assertThat(listB.body().get("items").findValuesAsText("name")).containsExactly("data");
        assertThat(listB.raw())
                .doesNotContain(onlyA)
                .doesNotContain(tenantA)
                .doesNotContain(resourceA.getMetadata().getName());

        // B asking for A's volume by name gets exactly what a name nobody has gets, on every route that takes one.
        assertThat(withoutName(b.get("/v1/network-volumes/" + onlyA), onlyA))
                .isEqualTo(withoutName(b.get("/v1/network-volumes/" + unknown), unknown))
                .startsWith("404 ");
        assertThat(withoutName(b.delete("/v1/network-volumes/" + onlyA), onlyA))
                .isEqualTo(withoutName(b.delete("/v1/network-volumes/" + unknown), unknown))
                .startsWith("404 ");
        String sandboxB = createSandbox(b, "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"data\": {}}}");
        assertThat(withoutName(
                        b.post(
                                "/v1/sandboxes",
                                "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + onlyA
                                        + "\": {\"mountPath\": \"/x\"}}}"),
                        onlyA))
                .isEqualTo(withoutName(
                        b.post(
                                "/v1/sandboxes",
                                "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"" + unknown
                                        + "\": {\"mountPath\": \"/x\"}}}"),
                        unknown))
                .startsWith("404 ");
        assertThat(withoutName(
                        b.post(
                                "/v1/sandboxes/" + sandboxB + "/mounts",
                                "{\"volume\": \"" + onlyA + "\", \"mountPath\": \"/x\"}"),
                        onlyA))
                .isEqualTo(withoutName(
                        b.post(
                                "/v1/sandboxes/" + sandboxB + "/mounts",
                                "{\"volume\": \"" + unknown + "\", \"mountPath\": \"/x\"}"),
                        unknown))
                .startsWith("404 ");
        assertThat(withoutName(b.get("/v1/sandboxes/" + sandboxB + "/volumes/" + onlyA + "/files?path=note"), onlyA))
                .isEqualTo(withoutName(
                        b.get("/v1/sandboxes/" + sandboxB + "/volumes/" + unknown + "/files?path=note"), unknown))
                .startsWith("404 ");

        // Each mounts its own "data" and writes to it; neither sees the other's file.
        String sandboxA = createSandbox(a, "{\"image\": \"" + IMAGE + "\", \"volumes\": {\"data\": {}}}");
        assertThat(exec(a, sandboxA, "echo from-a > /data/note && cat /data/note"))
                .isEqualTo("from-a\n");
        assertThat(exec(b, sandboxB, "cat /data/note 2>&1; echo from-b > /data/note && cat /data/note"))
                .contains("No such file")
                .endsWith("from-b\n");
        assertThat(exec(a, sandboxA, "cat /data/note")).isEqualTo("from-a\n");
        // The sandbox JSON shows the tenant's own name; the file API takes it.
        assertThat(a.get("/v1/sandboxes/" + sandboxA)
                        .body()
                        .get("mounts")
                        .get(0)
                        .get("volume")
                        .asText())
                .isEqualTo("data");
        assertThat(b.get("/v1/sandboxes/" + sandboxB)
                        .body()
                        .get("mounts")
                        .get(0)
                        .get("volume")
                        .asText())
                .isEqualTo("data");
        assertThat(a.get("/v1/sandboxes/" + sandboxA + "/volumes/data/file?path=note")
                        .raw())
                .isEqualTo("from-a\n");
        assertThat(b.get("/v1/sandboxes/" + sandboxB + "/volumes/data/file?path=note")
                        .raw())
                .isEqualTo("from-b\n");

        // Mounting into a running sandbox and unmounting take the tenant's name too.
        String second = createSandbox(b, "{\"image\": \"" + IMAGE + "\"}");
        Rest.Answer mounted = b.post(
                "/v1/sandboxes/" + second + "/mounts?wait=true", "{\"volume\": \"data\", \"mountPath\": \"/mnt/d\"}");
        assertThat(mounted.status()).as(mounted.raw()).isEqualTo(200);
        assertThat(mounted.body().get("mounts").get(0).get("volume").asText()).isEqualTo("data");
        assertThat(exec(b, second, "cat /mnt/d/note")).isEqualTo("from-b\n");
        Rest.Answer unmounted = b.delete("/v1/sandboxes/" + second + "/mounts/data");
        assertThat(unmounted.status()).as(unmounted.raw()).isEqualTo(200);
        assertThat(unmounted.body().get("mounts")).isEmpty();

        // Templates take the tenant's names too, as their own volumes and as a sandbox's override of them.
        String template = "vol-tpl-" + suffix;
        Rest.Answer tpl = b.post(
                "/v1/templates",
                "{\"name\": \"" + template + "\", \"image\": \"" + IMAGE + "\", \"volumes\": {\"data\": "
                        + "{\"mountPath\": \"/t\"}}, \"overridable\": [\"mounts\"]}");
        assertThat(tpl.status()).as(tpl.raw()).isEqualTo(201);
        assertThat(tpl.body().get("mounts").get(0).get("volume").asText()).isEqualTo("data");
        assertThat(withoutName(
                        b.post(
                                "/v1/sandboxes",
                                "{\"template\": \"" + template + "\", \"volumes\": {\"" + onlyA
                                        + "\": {\"mountPath\": \"/o\"}}}"),
                        onlyA))
                .isEqualTo(withoutName(
                        b.post(
                                "/v1/sandboxes",
                                "{\"template\": \"" + template + "\", \"volumes\": {\"" + unknown
                                        + "\": {\"mountPath\": \"/o\"}}}"),
                        unknown))
                .startsWith("404 ");
        String fromTemplate = createSandbox(b, "{\"template\": \"" + template + "\"}");
        assertThat(exec(b, fromTemplate, "cat /t/note")).isEqualTo("from-b\n");
        String overridden = createSandbox(
                b, "{\"template\": \"" + template + "\", \"volumes\": {\"data\": {\"mountPath\": \"/o\"}}}");
        assertThat(b.get("/v1/sandboxes/" + overridden).body().get("mounts").toString())
                .contains("\"volume\":\"data\"")
                .contains("/o");
        assertThat(exec(b, overridden, "cat /o/note")).isEqualTo("from-b\n");
        deleteSandbox(b, fromTemplate);
        deleteSandbox(b, overridden);
        assertThat(b.delete("/v1/templates/" + template).status()).isEqualTo(204);

        // In use: refused for the owner (naming only its own sandbox), while the other tenant's "data" is untouched.
        Rest.Answer inUse = a.delete("/v1/network-volumes/data");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.raw()).contains(sandboxA).doesNotContain(sandboxB);
        // A name that only A has is free for B.
        assertThat(b.post("/v1/network-volumes", "{\"name\": \"" + onlyA + "\"}")
                        .status())
                .isEqualTo(201);

        deleteSandbox(a, sandboxA);
        deleteSandbox(b, sandboxB);
        deleteSandbox(b, second);
        assertThat(a.delete("/v1/network-volumes/data").status()).isEqualTo(204);
        assertThat(b.get("/v1/network-volumes/data").status()).isEqualTo(200);
        assertThat(a.delete("/v1/network-volumes/" + onlyA).status()).isEqualTo(204);
        assertThat(b.delete("/v1/network-volumes/" + onlyA).status()).isEqualTo(204);
        assertThat(b.delete("/v1/network-volumes/data").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack.kubernetesClient()
                                .resources(NetworkVolume.class)
                                .inNamespace(DevStack.NAMESPACE)
                                .withLabel(Sandbox.TENANT_LABEL, tenantA)
                                .list()
                                .getItems()
                                .isEmpty()
                        && stack.kubernetesClient()
                                .resources(NetworkVolume.class)
                                .inNamespace(DevStack.NAMESPACE)
                                .withLabel(Sandbox.TENANT_LABEL, tenantB)
                                .list()
                                .getItems()
                                .isEmpty());
        assertThat(rest.delete("/v1/admin/tenants/" + tenantA).status()).isEqualTo(204);
        assertThat(rest.delete("/v1/admin/tenants/" + tenantB).status()).isEqualTo(204);
    }
}
