package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams, files, logs and stats: what the client sends and how it reads the answers, against a fake gateway. */
class StreamingAndFilesClientTest {
    static final String EXEC_EVENTS = """
      : stream started

      event: stdout
      data: {"data":"hel"}

      event: stdout
      data: {"data":"lo\\nwor"}

      : keepalive

      event: stderr
      data: {"data":"oops\\r\\n"}

      event: stdout
      data: {"data":"ld"}

      event: exit
      data: {"exitCode":3,"timedOut":false,"durationMs":5}

      """;

    private final ObjectMapper json = new ObjectMapper();
    private FakeGateway gateway;
    private SandboxClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
        client = SandboxClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey("sk-test")
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void streamedOutputIsSplitIntoLinesPerStreamAndEndsWithTheExit() throws Exception {
        gateway.reply(200, EXEC_EVENTS);
        List<OutputLine> lines = new ArrayList<>();
        try (CommandStream stream = client.streamCommand("sbx-1", "echo hi")) {
            for (OutputLine line : stream) {
                lines.add(line);
            }
            assertThat(stream.exit().get(5, TimeUnit.SECONDS)).isEqualTo(new ExecExit(3, false, 5));
        }
        assertThat(lines)
                .containsExactly(
                        new OutputLine(StreamType.STDOUT, "hello"),
                        new OutputLine(StreamType.STDERR, "oops"),
                        new OutputLine(StreamType.STDOUT, "world"));
        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/sandboxes/sbx-1/exec/stream");
        assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
        assertThat(json.readTree(sent.body())).isEqualTo(json.readTree("{\"command\": \"echo hi\"}"));
    }

    @Test
    void aFlowSubscriberGetsOnlyWhatItRequests() throws Exception {
        gateway.reply(200, EXEC_EVENTS);
        CommandStream stream = client.streamCommand(
                "sbx-1", List.of("sh", "-c", "x"), ExecOptions.defaults().withWorkdir("src"));
        List<OutputLine> received = new CopyOnWriteArrayList<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        boolean[] done = new boolean[1];
        stream.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(1);
            }

            @Override
            public void onNext(OutputLine item) {
                received.add(item);
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {
                done[0] = true;
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(done[0]).isFalse();
        subscription[0].request(10);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> done[0]);
        assertThat(received).hasSize(3);
        assertThat(json.readTree(gateway.takeRequest().body()).get("workdir").asText())
                .isEqualTo("src");
        assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callbacksReceiveEachLineAndTheFutureTheExit() throws Exception {
        gateway.reply(200, EXEC_EVENTS);
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        ExecExit exit = client.blocking().streamCommand("sbx-1", "echo hi", new CommandListener() {
            @Override
            public void onStdout(String line) {
                out.add(line);
            }

            @Override
            public void onStderr(String line) {
                err.add(line);
            }
        });
        assertThat(out).containsExactly("hello", "world");
        assertThat(err).containsExactly("oops");
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.succeeded()).isFalse();
    }

    @Test
    void failuresArriveAsSdkExceptions() {
        gateway.reply(
                200,
                "event: stdout\ndata: {\"data\":\"a\\n\"}\n\nevent: error\ndata: {\"message\":\"node went away\"}\n\n");
        CommandStream broken = client.streamCommand("sbx-1", "x");
        var lines = broken.iterator();
        assertThat(lines.next().text()).isEqualTo("a");
        assertThatThrownBy(lines::hasNext)
                .isInstanceOf(SandboxOperationException.class)
                .hasMessageContaining("node went away");
        assertThat(broken.exit()).isCompletedExceptionally();

        gateway.reply(404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no sandbox 'sbx-x'\"}}");
        assertThatThrownBy(() -> client.streamCommand("sbx-x", "x").iterator().hasNext())
                .isInstanceOf(SandboxNotFoundException.class);
        gateway.reply(200, "event: stdout\ndata: {\"data\":\"no exit\"}\n\n");
        CommandStream cut = client.streamCommand("sbx-1", "x");
        // A stream that ends without its exit was cut off: what arrived is delivered, then a connection error.
        java.util.Iterator<OutputLine> cutLines = cut.iterator();
        assertThat(cutLines.next().text()).isEqualTo("no exit");
        assertThatThrownBy(cutLines::hasNext)
                .isInstanceOf(SandboxConnectionException.class)
                .hasMessageContaining("ended before the stream did");
        assertThat(cut.exit()).isCompletedExceptionally();
    }

    @Test
    void execOptionsTravelAsTheirFields() throws Exception {
        gateway.reply(
                200, "{\"exitCode\": 0, \"stdout\": \"\", \"stderr\": \"\", \"durationMs\": 1, \"timedOut\": false}");
        client.blocking()
                .executeCommand(
                        "sbx-1",
                        List.of("env"),
                        ExecOptions.defaults()
                                .withTimeout(Duration.ofMillis(1500))
                                .withWorkdir("/tmp")
                                .withEnvironment("A", "1")
                                .withUser("2000"));
        assertThat(json.readTree(gateway.takeRequest().body())).isEqualTo(json.readTree("""
        {"command": ["env"], "timeoutSeconds": 2, "workdir": "/tmp", "environment": {"A": "1"}, "user": "2000"}"""));
        assertThatThrownBy(() -> client.executeCommand(
                        "sbx-1", List.of("x"), ExecOptions.defaults().withTimeout(Duration.ofHours(2))))
                .isInstanceOf(SandboxValidationException.class);
        // A terminal belongs to an interactive command only; anywhere else it is refused before any call.
        assertThatThrownBy(() -> client.executeCommand(
                        "sbx-1", List.of("x"), ExecOptions.defaults().withTerminal(new TerminalSize(80, 24))))
                .isInstanceOf(SandboxValidationException.class)
                .extracting(e -> ((SandboxValidationException) e).field())
                .isEqualTo("terminal");
    }

    @Test
    void fileCallsUseTheVolumePathsAndEncodePaths() throws Exception {
        gateway.reply(200, "{\"path\": \"a b/c.txt\", \"size\": 2, \"sha256\": \"ab\"}");
        FileWriteResult written = client.blocking().writeFile("sbx-1", SandboxClient.WORKSPACE, "a b/c.txt", "hi");
        assertThat(written.size()).isEqualTo(2);
        FakeGateway.Received put = gateway.takeRequest();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/v1/sandboxes/sbx-1/volumes/workspace/file");
        assertThat(put.query()).isEqualTo("path=a%20b%2Fc.txt");
        assertThat(put.body()).isEqualTo("hi");

        Path local = Files.writeString(dir.resolve("local.txt"), "local content");
        String sha = HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("SHA-256").digest("local content".getBytes(StandardCharsets.UTF_8)));
        client.blocking().uploadFile("sbx-1", "workspace", "up.txt", local);
        FakeGateway.Received upload = gateway.takeRequest();
        assertThat(upload.path()).isEqualTo("/v1/sandboxes/sbx-1/volumes/workspace/upload");
        assertThat(upload.query()).isEqualTo("path=up.txt&sha256=" + sha);
        assertThat(upload.body()).isEqualTo("local content");

        gateway.reply(
                200,
                "{\"path\": \"src\", \"truncated\": false, \"entries\": [{\"name\": \"a.py\", \"type\": \"file\", \"size\": 3,"
                        + " \"mode\": \"0644\", \"modifiedAt\": \"2026-01-01T00:00:00Z\"}, {\"name\": \"lib\", \"type\": \"directory\", \"size\": 4096,"
                        + " \"mode\": \"0755\", \"modifiedAt\": \"2026-01-01T00:00:00Z\"}]}");
        DirectoryListing listing = client.blocking().listDirectory("sbx-1", "workspace", "src");
        assertThat(listing.entries()).extracting(FileInfo::name).containsExactly("a.py", "lib");
        assertThat(listing.entries().get(1).isDirectory()).isTrue();
        assertThat(gateway.takeRequest().query()).isEqualTo("path=src");

        gateway.reply(200, "downloaded bytes");
        DownloadedFile downloaded = client.blocking().downloadFile("sbx-1", "workspace", "x.bin", dir.resolve("x.bin"));
        assertThat(Files.readString(downloaded.file())).isEqualTo("downloaded bytes");
        assertThat(downloaded.size()).isEqualTo(16);
        assertThat(downloaded.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest("downloaded bytes".getBytes(StandardCharsets.UTF_8))));
        gateway.takeRequest();

        gateway.reply(204, "");
        client.blocking().renameFile("sbx-1", "workspace", "a", "b/c", true);
        FakeGateway.Received rename = gateway.takeRequest();
        assertThat(rename.path()).isEqualTo("/v1/sandboxes/sbx-1/volumes/workspace/rename");
        assertThat(json.readTree(rename.body()))
                .isEqualTo(json.readTree("{\"from\": \"a\", \"to\": \"b/c\", \"overwrite\": true}"));
        client.blocking().deleteFile("sbx-1", "workspace", "old", true);
        FakeGateway.Received delete = gateway.takeRequest();
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.query()).isEqualTo("path=old&recursive=true");

        assertThatThrownBy(() -> client.exportContainer("sbx-1", "workspace"))
                .isInstanceOf(SandboxValidationException.class);
        assertThatThrownBy(() -> client.readFile("sbx-1", "workspace", " "))
                .isInstanceOf(SandboxValidationException.class);
        gateway.reply(
                400,
                "{\"error\": {\"code\": \"invalid_request\", \"message\": \"'path' must not contain '..'\", \"field\": \"path\"}}");
        assertThatThrownBy(() -> client.blocking().readFile("sbx-1", "workspace", "../x"))
                .isInstanceOfSatisfying(
                        SandboxValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("path"));
    }

    @Test
    void logsAndStatsAreParsed() throws Exception {
        gateway.reply(
                200,
                "{\"lines\": [{\"stream\": \"stdout\", \"timestamp\": \"2026-01-01T00:00:00.123456789Z\", \"text\": \"hi\"},"
                        + " {\"stream\": \"stderr\", \"timestamp\": \"2026-01-01T00:00:01Z\", \"text\": \"oops\"}]}");
        List<LogLine> lines = client.blocking().getLogs("sbx-1", -1);
        assertThat(lines).extracting(LogLine::stream).containsExactly(StreamType.STDOUT, StreamType.STDERR);
        assertThat(lines.get(0).timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456789Z"));
        assertThat(gateway.takeRequest().query()).isEqualTo("tail=all");

        gateway.reply(
                200,
                "event: stdout\ndata: {\"stream\":\"stdout\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"text\":\"one\"}\n\nevent: end\ndata: {}\n\n");
        try (SandboxStream<LogLine> follow = client.followLogs("sbx-1", 5)) {
            assertThat(follow.stream().map(LogLine::text).toList()).containsExactly("one");
        }
        assertThat(gateway.takeRequest().query()).isEqualTo("follow=true&tail=5");

        String sample =
                "{\"timestamp\": \"2026-01-01T00:00:00Z\", \"cpuPercent\": 12.5, \"memoryBytes\": 10, \"memoryLimitBytes\": 20,"
                        + " \"pids\": 3, \"networkRxBytes\": 1, \"networkTxBytes\": 2, \"blockReadBytes\": 3, \"blockWriteBytes\": 4}";
        gateway.reply(200, sample);
        SandboxStats stats = client.blocking().getStats("sbx-1");
        assertThat(stats)
                .isEqualTo(new SandboxStats(
                        Instant.parse("2026-01-01T00:00:00Z"), new ResourceUse(12.5, 10, 20, 3, 1, 2, 3, 4)));
        gateway.reply(200, "event: stats\ndata: " + sample + "\n\nevent: stats\ndata: " + sample + "\n\n");
        assertThat(client.streamStats("sbx-1").stream().toList()).hasSize(2);
    }

    @Test
    void previewTokensAndUrls() throws Exception {
        gateway.reply(
                201,
                "{\"token\": \"sbx-1.1767225600.abc\", \"expiresAt\": \"2026-01-01T00:00:00Z\", \"urls\": [{\"port\": 8080,"
                        + " \"url\": \"http://8080-sbx-1.preview.test/?sandbox_token=t\", \"pathUrl\": \"/v1/sandboxes/sbx-1/ports/8080/?sandbox_token=t\"}]}");
        PreviewAccess access = client.blocking().createPreviewToken("sbx-1", Duration.ofMinutes(10));
        assertThat(access.token()).isEqualTo("sbx-1.1767225600.abc");
        assertThat(access.urls()).singleElement().satisfies(u -> {
            assertThat(u.port()).isEqualTo(8080);
            assertThat(u.url()).startsWith("http://8080-sbx-1.preview.test/");
        });
        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/sandboxes/sbx-1/preview-token");
        assertThat(json.readTree(sent.body()).get("expiresInSeconds").asLong()).isEqualTo(600);
        assertThat(client.previewUrl("sbx-1", 8080)).isEqualTo(gateway.baseUrl() + "/v1/sandboxes/sbx-1/ports/8080/");
        assertThatThrownBy(() -> client.previewUrl("sbx-1", 0)).isInstanceOf(SandboxValidationException.class);

        gateway.reply(201, "{\"id\": \"sbx-2\", \"phase\": \"Pending\", \"public\": true}");
        SandboxInfo created = client.blocking()
                .createSandbox(CreateSandboxRequest.builder()
                        .image("img")
                        .publicPreview(true)
                        .build());
        assertThat(created.publicPreview()).isTrue();
        assertThat(json.readTree(gateway.takeRequest().body()).get("public").asBoolean())
                .isTrue();
    }
}
