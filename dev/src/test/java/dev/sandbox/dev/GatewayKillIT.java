package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CommandStream;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.OutputLine;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxConnectionException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed ({@code kill -9}) in the middle of a call: the SDK reports a broken connection instead of a
 * normal end, and an upload that was cut off leaves no file, not even a partial one, in the workspace.
 */
class GatewayKillIT {
    @TempDir
    static Path home;

    static DevStack stack;
    static SandboxClient viaStack;
    static String id;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "gwkill-" + UUID.randomUUID().toString().substring(0, 6)));
        viaStack = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build();
        // Room for the big upload of the test below on the workspace's own file system.
        id = viaStack.blocking()
                .createSandbox(
                        CreateSandboxRequest.builder()
                                .image("sandbox-busybox:local")
                                .resources(dev.sandbox.client.ResourceConfig.defaults()
                                        .withDisk("2g"))
                                .build(),
                        true)
                .id();
    }

    @AfterAll
    static void stop() {
        if (viaStack != null) {
            viaStack.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStreamCutOffByAKilledGatewayFailsWithAConnectionError() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(stack, home.resolve("gateway-stream.log"));
                SandboxClient client = SandboxClient.builder()
                        .baseUrl(gateway.url)
                        .apiKey(stack.apiKey())
                        .build()) {
            List<String> seen = new ArrayList<>();
            try (CommandStream output =
                    client.blocking().streamCommand(id, "for i in $(seq 1 200); do echo $i; sleep 0.1; done")) {
                Iterator<OutputLine> lines = output.iterator();
                while (seen.size() < 3) {
                    seen.add(lines.next().text());
                }
                gateway.kill();
                assertThatThrownBy(() -> {
                            while (lines.hasNext()) {
                                seen.add(lines.next().text());
                            }
                        })
                        .isInstanceOf(SandboxConnectionException.class)
                        .hasMessageContaining("gateway");
                assertThatThrownBy(() -> output.exit().get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SandboxConnectionException.class);
            }
            assertThat(seen).startsWith("1", "2", "3").doesNotContain("200");
        }
    }

    @Test
    void anUploadCutOffByAKilledGatewayLeavesNoFileBehind() throws Exception {
        Path big = home.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            // Large enough that the upload is still under way when the gateway dies.
            f.setLength(700L * 1024 * 1024);
        }
        try (GatewayProcess gateway = GatewayProcess.start(stack, home.resolve("gateway-upload.log"));
                SandboxClient client = SandboxClient.builder()
                        .baseUrl(gateway.url)
                        .apiKey(stack.apiKey())
                        .build()) {
            CompletableFuture<?> upload = client.uploadFile(id, SandboxClient.WORKSPACE, "big.bin", big);
            // Once the agent has begun receiving (its staging area holds part of the file), kill the gateway.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> stagedBytes() > 0 || upload.isDone());
            gateway.kill();
            assertThatThrownBy(upload::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SandboxConnectionException.class);
        }
        BlockingSandboxClient sandboxes = viaStack.blocking();
        // Neither the file nor a piece of it becomes visible, now or once the agent has noticed the broken upload.
        await().atMost(Duration.ofSeconds(30)).until(() -> stagedBytes() == 0);
        assertThat(sandboxes.executeCommand(id, "ls -a /workspace").stdout()).doesNotContain("big.bin");
    }

    /** Bytes in the workspace volume's staging area, where uploads are written before they are renamed into place. */
    static long stagedBytes() {
        String uid = stack.kubernetesClient()
                .resources(dev.sandbox.crd.Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
        // Files only: the staging directory itself stays once made.
        String volume = dev.sandbox.operator.model.SandboxNames.workspaceVolume(uid);
        // A workspace is a file system of its own under the disk directory; without those, a plain Docker volume.
        String dir = stack.operatorConfig().disk().enabled()
                ? stack.operatorConfig().disk().directory().resolve(volume).toString()
                : "/var/lib/docker/volumes/" + volume;
        DockerCli.Result r = DockerCli.run(
                "sh",
                "-c",
                "find " + dir
                        + "/.sandbox-staging -type f -printf '%s\\n' 2>/dev/null | awk '{s+=$1} END {print s+0}'");
        String out = r.output().trim();
        return out.isEmpty() ? 0 : Long.parseLong(out);
    }
}
