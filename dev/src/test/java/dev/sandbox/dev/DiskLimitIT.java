package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.CleanupConfig;
import dev.sandbox.operator.DiskConfig;
import dev.sandbox.operator.model.SandboxNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every workspace is a file system of its own size: writing past it fails inside the sandbox, and nothing is left behind. */
class DiskLimitIT {
    static final String IMAGE = NetworkVolumeIT.IMAGE;
    static final Path DISKS = Path.of(DiskConfig.DEFAULT_DIRECTORY);

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        // A short orphan grace, so the sweep of leftovers can be watched.
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "disk-" + UUID.randomUUID().toString().substring(0, 6)),
                c -> c.withCleanup(new CleanupConfig(
                                Duration.ofMillis(500), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                        .withDisk(new DiskConfig(true, DISKS, 2L * 1024 * 1024 * 1024)),
                g -> g.withMaxDiskBytes(2L * 1024 * 1024 * 1024));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
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

    @Test
    void writingPastTheWorkspaceSizeFailsWithNoSpaceLeftInsideTheSandbox() {
        String id = NetworkVolumeIT.createSandbox(
                rest, "{\"image\": \"" + IMAGE + "\", \"resources\": {\"disk\": \"32m\"}}");
        String volume = SandboxNames.workspaceVolume(uid(id));
        assertThat(DISKS.resolve(volume + ".img")).exists();
        // The image's own (non-root) user writes its workspace as before.
        assertThat(NetworkVolumeIT.exec(rest, id, "id -u; echo hi > /workspace/hi && cat /workspace/hi"))
                .isEqualTo("1000\nhi\n");
        String dd = NetworkVolumeIT.exec(
                rest, id, "dd if=/dev/zero of=/workspace/big bs=1048576 count=64 2>&1; echo exit=$?");
        assertThat(dd).contains("No space left on device").contains("exit=1");
        assertThat(Long.parseLong(
                        NetworkVolumeIT.exec(rest, id, "wc -c < /workspace/big").trim()))
                .isLessThanOrEqualTo(32L * 1024 * 1024);

        // Usage shows in the sandbox JSON (and status.disk).
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            JsonNode disk = rest.get("/v1/sandboxes/" + id).body().get("disk");
            assertThat(disk.get("limitBytes").asLong()).isEqualTo(32L * 1024 * 1024);
            assertThat(disk.get("usedBytes").asLong()).isGreaterThan(24L * 1024 * 1024);
            assertThat(disk.get("enforced").asBoolean()).isTrue();
        });
        assertThat(rest.get("/v1/sandboxes/" + id)
                        .body()
                        .get("resources")
                        .get("disk")
                        .asText())
                .isEqualTo("32m");

        // Files are bounded too: a 32 MiB file system has 2,048 inodes.
        String files = NetworkVolumeIT.exec(
                rest,
                id,
                "rm /workspace/big; mkdir /workspace/many && cd /workspace/many"
                        + " && seq 1 4000 | xargs touch 2>&1 | tail -1; ls | wc -l");
        assertThat(files).contains("No space left on device");
        assertThat(Integer.parseInt(files.substring(files.lastIndexOf('\n', files.length() - 2) + 1)
                        .trim()))
                .isLessThan(2100);

        NetworkVolumeIT.deleteSandbox(rest, id);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !DISKS.resolve(volume + ".img").toFile().exists());
        assertThat(DISKS.resolve(volume)).doesNotExist();
        assertThat(DockerCli.run("losetup", "-a").output()).doesNotContain(volume);
    }

    @Test
    void aDiskAboveTheClustersMaximumIsRefusedAtTheApiAndByTheOperator() {
        int before = rest.get("/v1/sandboxes").body().get("items").size();
        Rest.Answer tooBig =
                rest.post("/v1/sandboxes", "{\"image\": \"" + IMAGE + "\", \"resources\": {\"disk\": \"3g\"}}");
        assertThat(tooBig.status()).as(tooBig.raw()).isEqualTo(400);
        assertThat(tooBig.error().get("field").asText()).isEqualTo("resources.disk");
        assertThat(tooBig.error().get("message").asText()).contains("2g");
        Rest.Answer tooSmall =
                rest.post("/v1/sandboxes", "{\"image\": \"" + IMAGE + "\", \"resources\": {\"disk\": \"1m\"}}");
        assertThat(tooSmall.status()).isEqualTo(400);
        assertThat(tooSmall.error().get("field").asText()).isEqualTo("resources.disk");
        assertThat(rest.get("/v1/sandboxes").body().get("items").size()).isEqualTo(before);

        // Written as a resource (kubectl), past the gateway: the operator refuses it, naming the field, and makes
        // nothing.
        Sandbox sandbox = new Sandbox();
        String name = "big-" + UUID.randomUUID().toString().substring(0, 6);
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(DevStack.NAMESPACE)
                .withLabels(Map.of(Sandbox.TENANT_LABEL, DevStack.TENANT))
                .withFinalizers(Sandbox.FINALIZER)
                .build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(IMAGE);
        spec.getResources().setDisk("3g");
        sandbox.setSpec(spec);
        String uid = stack.kubernetesClient()
                .resource(sandbox)
                .create()
                .getMetadata()
                .getUid();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Sandbox s = stack.kubernetesClient()
                    .resources(Sandbox.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName(name)
                    .get();
            assertThat(s.getStatus()).isNotNull();
            assertThat(s.getStatus().getPhase()).isEqualTo(SandboxPhase.Failed);
            assertThat(s.getStatus().getMessage()).contains("resources.disk");
        });
        assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid)))
                .isFalse();
        assertThat(DISKS.resolve(SandboxNames.workspaceVolume(uid) + ".img")).doesNotExist();
        NetworkVolumeIT.deleteSandbox(rest, name);
    }

    @Test
    void aFileSystemLeftWithoutItsSandboxIsRemovedByTheSweep() {
        // As an operator that died after making a workspace whose Sandbox is gone since: Docker volume and file system.
        String ghost = "00000000-dead-0000-0000-" + UUID.randomUUID().toString().substring(0, 12);
        String volume = SandboxNames.workspaceVolume(ghost);
        Map<String, String> labels = Map.of(
                SandboxNames.MANAGED_BY,
                SandboxNames.MANAGER,
                SandboxNames.INSTALLATION,
                stack.installation(),
                SandboxNames.NODE,
                stack.settings().node(),
                SandboxNames.NAMESPACE,
                DevStack.NAMESPACE,
                SandboxNames.NAME,
                "ghost",
                SandboxNames.UID,
                ghost,
                SandboxNames.ROLE,
                "workspace");
        stack.runtime().ensureVolume(volume, 16L * 1024 * 1024, labels);
        assertThat(DISKS.resolve(volume + ".img")).exists();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !DockerCli.exists("volume", volume)
                        && !DISKS.resolve(volume + ".img").toFile().exists());
        assertThat(DockerCli.run("losetup", "-a").output()).doesNotContain(volume);

        // A file system whose Docker volume is gone (a crash between the two removals) goes as well.
        String orphan = "sandbox-00000000-dead-0000-0000-"
                + UUID.randomUUID().toString().substring(0, 12) + "-workspace";
        stack.runtime().ensureVolume(orphan, 16L * 1024 * 1024, labels);
        DockerCli.run("docker", "volume", "rm", orphan);
        assertThat(DISKS.resolve(orphan + ".img")).exists();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !DISKS.resolve(orphan + ".img").toFile().exists());
        assertThat(DISKS.resolve(orphan)).doesNotExist();
    }
}
