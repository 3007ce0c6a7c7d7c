package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CommandListener;
import dev.sandbox.client.CommandStream;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.DownloadedFile;
import dev.sandbox.client.ExecExit;
import dev.sandbox.client.ExecOptions;
import dev.sandbox.client.ExecResult;
import dev.sandbox.client.FileInfo;
import dev.sandbox.client.FileWriteResult;
import dev.sandbox.client.LogLine;
import dev.sandbox.client.OutputLine;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxAuthenticationException;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxNotFoundException;
import dev.sandbox.client.SandboxStats;
import dev.sandbox.client.SandboxStream;
import dev.sandbox.client.SandboxValidationException;
import dev.sandbox.client.StreamType;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against the real system. */
class SdkIT {
    @TempDir
    static Path home;

    static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(home, "sdk-" + UUID.randomUUID().toString().substring(0, 6)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void createExecListAndDelete() throws Exception {
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            BlockingSandboxClient sandboxes = client.blocking();
            SandboxInfo info = sandboxes.createSandbox(
                    CreateSandboxRequest.builder()
                            .image("sandbox-busybox:local")
                            .command("sleep 600")
                            .environment("NAME", "sdk")
                            .resources(ResourceConfig.of(0.5, "128m"))
                            .build(),
                    true);
            assertThat(info.phase()).isEqualTo("Running");
            assertThat(info.running()).isTrue();
            assertThat(info.command()).containsExactly("/bin/sh", "-c", "sleep 600");

            ExecResult hello = sandboxes.executeCommand(info.id(), "echo hello $NAME; echo warn >&2; exit 3");
            assertThat(hello.stdout()).isEqualTo("hello sdk\n");
            assertThat(hello.stderr()).isEqualTo("warn\n");
            assertThat(hello.exitCode()).isEqualTo(3);

            ExecResult listed = client.executeCommand(info.id(), List.of("ls", "/"), Duration.ofSeconds(5))
                    .get();
            assertThat(listed.succeeded()).isTrue();
            assertThat(listed.stdout()).contains("workspace");

            assertThat(sandboxes.listSandboxes("running"))
                    .extracting(SandboxInfo::id)
                    .contains(info.id());
            assertThat(sandboxes.getSandbox(info.id()).containerId()).isEqualTo(info.containerId());

            String uid = stack.kubernetesClient()
                    .resources(dev.sandbox.crd.Sandbox.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName(info.id())
                    .get()
                    .getMetadata()
                    .getUid();
            sandboxes.deleteSandbox(info.id());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThatThrownBy(() -> sandboxes.getSandbox(info.id()))
                            .isInstanceOf(SandboxNotFoundException.class));
            assertThat(DockerCli.exists("container", SandboxNames.container(uid)))
                    .isFalse();
            assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid)))
                    .isFalse();
        }
    }

    @Test
    void streamsFilesLogsAndStatsThroughTheSdk(@TempDir Path local) throws Exception {
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            BlockingSandboxClient sandboxes = client.blocking();
            SandboxInfo info = sandboxes.createSandbox(
                    CreateSandboxRequest.builder()
                            .image("sandbox-busybox:local")
                            .command("echo booted; sleep 600")
                            .build(),
                    true);
            String id = info.id();

            List<OutputLine> lines = new ArrayList<>();
            try (CommandStream output = sandboxes.streamCommand(id, "echo one; echo two >&2; printf three")) {
                output.forEach(lines::add);
                assertThat(output.exit().join().exitCode()).isZero();
            }
            assertThat(lines)
                    .contains(
                            new OutputLine(StreamType.STDOUT, "one"),
                            new OutputLine(StreamType.STDERR, "two"),
                            new OutputLine(StreamType.STDOUT, "three"));
            List<String> seen = new CopyOnWriteArrayList<>();
            ExecExit exit = sandboxes.streamCommand(id, "pwd; exit 2", new CommandListener() {
                @Override
                public void onStdout(String line) {
                    seen.add(line);
                }
            });
            assertThat(seen).containsExactly("/workspace");
            assertThat(exit.exitCode()).isEqualTo(2);
            ExecResult asOther = sandboxes.executeCommand(
                    id, List.of("id", "-u"), ExecOptions.defaults().withUser("2000"));
            assertThat(asOther.stdout()).isEqualTo("2000\n");
            try (CommandStream endless = sandboxes.streamCommand(id, "echo go; sleep 331")) {
                assertThat(endless.iterator().next().text()).isEqualTo("go");
            }
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(
                                    sandboxes.executeCommand(id, "ps -o args").stdout())
                            .doesNotContain("sleep 331"));

            sandboxes.makeDirectory(id, SandboxClient.WORKSPACE, "notes");
            assertThat(sandboxes
                            .writeFile(id, SandboxClient.WORKSPACE, "notes/a.txt", "alpha")
                            .size())
                    .isEqualTo(5);
            assertThat(new String(
                            sandboxes.readFile(id, SandboxClient.WORKSPACE, "notes/a.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("alpha");
            Path upload = Files.write(local.resolve("data.bin"), new byte[300_000]);
            FileWriteResult uploaded = sandboxes.uploadFile(id, SandboxClient.WORKSPACE, "notes/data.bin", upload);
            DownloadedFile downloaded =
                    sandboxes.downloadFile(id, SandboxClient.WORKSPACE, "notes/data.bin", local.resolve("back.bin"));
            assertThat(downloaded.sha256()).isEqualTo(uploaded.sha256());
            assertThat(downloaded.size()).isEqualTo(300_000);
            sandboxes.renameFile(id, SandboxClient.WORKSPACE, "notes/a.txt", "notes/b.txt", false);
            assertThat(sandboxes
                            .listDirectory(id, SandboxClient.WORKSPACE, "notes")
                            .entries())
                    .extracting(FileInfo::name)
                    .containsExactly("b.txt", "data.bin");
            Path archive = local.resolve("bundle.zip");
            try (java.util.zip.ZipOutputStream zip =
                    new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("pkg/mod.py"));
                zip.write("X = 1\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            assertThat(sandboxes
                            .uploadArchive(id, SandboxClient.WORKSPACE, "notes", archive)
                            .entries())
                    .isEqualTo(1);
            Path exported = sandboxes.exportContainer(id, "/workspace/notes", local.resolve("notes.zip"));
            List<String> names = new ArrayList<>();
            try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(exported))) {
                for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    names.add(e.getName());
                }
            }
            assertThat(names).contains("b.txt", "data.bin", "pkg/", "pkg/mod.py");
            sandboxes.deleteFile(id, SandboxClient.WORKSPACE, "notes", true);
            assertThat(sandboxes.listDirectory(id, SandboxClient.WORKSPACE, "").entries())
                    .isEmpty();
            assertThatThrownBy(() -> sandboxes.readFile(id, SandboxClient.WORKSPACE, "../etc/passwd"))
                    .isInstanceOfSatisfying(
                            SandboxValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("path"));

            assertThat(sandboxes.getLogs(id, 10)).extracting(LogLine::text).contains("booted");
            try (SandboxStream<LogLine> follow = sandboxes.followLogs(id, 1)) {
                assertThat(follow.iterator().next().text()).isEqualTo("booted");
            }
            assertThat(sandboxes.getStats(id).use().memoryLimitBytes()).isPositive();
            try (SandboxStream<SandboxStats> samples = sandboxes.streamStats(id)) {
                assertThat(samples.iterator().next().use().pids()).isPositive();
            }
            sandboxes.deleteSandbox(id);
        }
    }

    @Test
    void errorsArriveAsTypedExceptions() {
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.apiKey())
                .build()) {
            assertThatThrownBy(() -> client.blocking().getSandbox("sbx-nothere123"))
                    .isInstanceOf(SandboxNotFoundException.class);
            assertThatThrownBy(() -> client.blocking()
                            .createSandbox(CreateSandboxRequest.builder()
                                    .image("sandbox-busybox:local")
                                    .resources(ResourceConfig.of(1.0, "abc"))
                                    .build()))
                    .isInstanceOfSatisfying(
                            SandboxValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("resources.memory"));
        }
        try (SandboxClient stranger = SandboxClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey("sbx_" + "Z".repeat(40))
                .build()) {
            assertThatThrownBy(() -> stranger.blocking().listSandboxes())
                    .isInstanceOf(SandboxAuthenticationException.class);
        }
    }
}
