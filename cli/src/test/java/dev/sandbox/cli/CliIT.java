package dev.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.dev.DevSettings;
import dev.sandbox.dev.DevStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a person uses it: each call is a process of its own (the same class path as
 * {@code bin/sandbox}), against dev mode on a real Docker engine, found through the files dev mode writes to its state
 * directory.
 */
class CliIT {
    static final String IMAGE = "sandbox-busybox:local";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    @TempDir
    static Path work;

    static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(home, "cli-" + UUID.randomUUID().toString().substring(0, 6)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Run(int exitCode, String stdout, String stderr) {}

    static Run cli(String... args) {
        return cli(Map.of(), null, args);
    }

    static Run cli(Map<String, String> extraEnv, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(
                List.of(java(), "-cp", System.getProperty("cli.classpath"), SandboxCli.class.getName()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            environment(builder.environment());
            builder.environment().putAll(extraEnv);
            Process p = builder.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
            errReader.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sandbox " + String.join(" ", args) + " did not finish within 120 s");
            }
            errReader.join();
            return new Run(
                    p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void environment(Map<String, String> env) {
        env.remove("SANDBOX_URL");
        env.remove("SANDBOX_API_KEY");
        env.put("SANDBOX_HOME", home.toString());
        env.put("NO_COLOR", "1");
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Run ok(String... args) {
        Run run = cli(args);
        assertThat(run.exitCode())
                .as("sandbox %s\nstdout: %s\nstderr: %s", String.join(" ", args), run.stdout(), run.stderr())
                .isZero();
        return run;
    }

    static String createRunning(String... more) {
        List<String> args = new ArrayList<>(List.of("create", IMAGE, "--wait", "--memory", "128m"));
        args.addAll(List.of(more));
        return ok(args.toArray(String[]::new)).stdout().trim();
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        Run top = ok("--help");
        List<String> commands = List.of(
                "create",
                "ls",
                "get",
                "rm",
                "stop",
                "start",
                "restart",
                "pause",
                "resume",
                "exec",
                "cp",
                "ls-files",
                "export",
                "logs",
                "stats",
                "preview",
                "volumes",
                "mount",
                "unmount",
                "tenants",
                "keys");
        for (String command : commands) {
            assertThat(top.stdout()).contains(command);
            Run help = ok(command, "--help");
            assertThat(help.stdout())
                    .as(command)
                    .contains("Usage: sandbox " + command)
                    .contains("Example")
                    .contains("Exit status");
        }
        assertThat(ok("volumes", "create", "--help").stdout()).contains("Example");
    }

    @Test
    void createListGetAndDeleteWithLabelsAndOutputFormats() throws Exception {
        Run created = ok(
                "create",
                IMAGE,
                "--wait",
                "--cpu",
                "0.5",
                "--memory",
                "128m",
                "-e",
                "GREETING=hi",
                "-l",
                "team=data",
                "-l",
                "run=cli",
                "-o",
                "json",
                "--",
                "sleep",
                "600");
        JsonNode sandbox = JSON.readTree(created.stdout());
        String id = sandbox.get("id").asText();
        assertThat(sandbox.get("phase").asText()).isEqualTo("Running");
        assertThat(sandbox.get("labels").get("team").asText()).isEqualTo("data");
        assertThat(sandbox.get("environment").get("GREETING").asText()).isEqualTo("hi");
        assertThat(created.stderr())
                .as("progress goes to stderr as plain lines off a terminal")
                .doesNotContain("\u001b[");

        Run table = ok("ls");
        assertThat(table.stdout())
                .startsWith("ID")
                .contains(id)
                .contains("Running")
                .contains("team=data");
        assertThat(table.stdout()).doesNotContain("\u001b[");
        JsonNode filtered = JSON.readTree(
                ok("ls", "-l", "team=data", "-l", "run=cli", "-o", "json").stdout());
        assertThat(filtered.get("items")).extracting(n -> n.get("id").asText()).containsExactly(id);
        assertThat(ok("ls", "-l", "team=other", "-q").stdout()).doesNotContain(id);
        assertThat(ok("ls", "--status", "running", "-q").stdout()).contains(id);
        assertThat(ok("ls", "-o", "yaml").stdout()).contains("id: " + id);
        assertThat(ok("get", id).stdout()).contains("id: " + id).contains("phase: Running");
        assertThat(JSON.readTree(ok("get", id, "-o", "json").stdout())
                        .get("resources")
                        .get("cpu")
                        .asDouble())
                .isEqualTo(0.5);

        Run all = cli("rm", "--all");
        assertThat(all.exitCode())
                .as("--all off a terminal needs --yes: %s", all.stderr())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(all.stderr()).contains("--yes");
        assertThat(ok("rm", id).stdout().trim()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> cli("get", id).exitCode() == ExitCodes.NOT_FOUND);
    }

    @Test
    void tenantsAndKeysForAdministrators() throws Exception {
        String tenant = "cli-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(ok("tenants", "create", tenant, "--sandboxes", "1", "--rps", "50")
                        .stdout())
                .contains(tenant);
        assertThat(ok("tenants", "ls").stdout()).contains("NAME").contains(tenant);
        ok("tenants", "update", tenant, "--memory", "1g");
        JsonNode shown =
                JSON.readTree(ok("tenants", "get", tenant, "-o", "json").stdout());
        assertThat(shown.at("/limits/sandboxes").asInt()).isEqualTo(1);
        assertThat(shown.at("/limits/memory").isNull()
                        || shown.at("/limits/memory").isMissingNode())
                .as(shown.toString())
                .isFalse();
        JsonNode created = JSON.readTree(ok("keys", "create", "--tenant", tenant, "--name", "ci", "-o", "json")
                .stdout());
        String key = created.get("key").asText();
        long keyId = created.get("id").asLong();
        assertThat(ok("keys", "ls", "--tenant", tenant).stdout())
                .contains("ci")
                .contains(String.valueOf(keyId))
                .doesNotContain(key);

        // The new tenant's key works, sees none of the administrator's sandboxes, and meets its quota of one sandbox.
        Map<String, String> asTenant = Map.of("SANDBOX_API_KEY", key);
        assertThat(cli(asTenant, null, "ls", "-q").stdout()).isBlank();
        Run first = cli(asTenant, null, "create", IMAGE, "--memory", "64m");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        Run second = cli(asTenant, null, "create", IMAGE, "--memory", "64m");
        assertThat(second.exitCode()).as(second.stderr()).isEqualTo(ExitCodes.LIMITED);
        assertThat(second.stderr()).contains("sandboxes");
        // A tenant key may not administer.
        assertThat(cli(asTenant, null, "tenants", "ls").exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(cli(asTenant, null, "rm", first.stdout().trim()).exitCode()).isZero();

        ok("keys", "revoke", String.valueOf(keyId));
        assertThat(cli(asTenant, null, "ls").exitCode()).isEqualTo(ExitCodes.AUTH);
        ok("tenants", "rm", tenant);
        assertThat(cli("tenants", "get", tenant).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void errorsAreOneLineWithDistinctExitCodes() {
        Run unknown = cli("get", "sbx-doesnotexist");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.stderr().strip())
                .startsWith("sandbox: error:")
                .contains("sbx-doesnotexist")
                .doesNotContain("\n");

        Run invalid = cli("create", IMAGE, "--cpu", "99");
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.stderr()).contains("resources.cpu");

        Run badOption = cli("ls", "--no-such-option");
        assertThat(badOption.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badOption.stderr()).contains("--no-such-option");

        Run badKey = cli(Map.of("SANDBOX_API_KEY", "sbx_wrong"), null, "ls");
        assertThat(badKey.exitCode()).isEqualTo(ExitCodes.AUTH);

        Run unreachable = cli(Map.of("SANDBOX_URL", "http://127.0.0.1:1", "SANDBOX_API_KEY", "sbx_x"), null, "ls");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.SERVER);
        assertThat(unreachable.stderr()).startsWith("sandbox: error:");
    }

    @Test
    void execStreamsOutputAndPassesTheExitCodeOn() throws Exception {
        String id = createRunning();
        try {
            Run run = cli("exec", id, "--", "sh", "-c", "echo out; echo err >&2; exit 7");
            assertThat(run.exitCode()).isEqualTo(7);
            assertThat(run.stdout()).isEqualTo("out\n");
            assertThat(run.stderr()).isEqualTo("err\n");

            Run piped = cli(Map.of(), "hello".getBytes(StandardCharsets.UTF_8), "exec", "-i", id, "--", "wc", "-c");
            assertThat(piped.exitCode()).as(piped.stderr()).isZero();
            assertThat(piped.stdout().trim()).isEqualTo("5");

            Run env = ok("exec", "-e", "A=1", "-w", "/tmp", id, "--", "sh", "-c", "echo $A; pwd");
            assertThat(env.stdout()).isEqualTo("1\n/tmp\n");

            ok("stop", id, "--wait", "--time", "1");
            Run stopped = cli("exec", id, "--", "true");
            assertThat(stopped.exitCode()).isEqualTo(ExitCodes.CONFLICT);
            assertThat(ok("start", id, "--wait").stdout().trim()).isEqualTo(id);
            assertThat(ok("restart", id, "--wait").stdout().trim()).isEqualTo(id);
            ok("pause", id, "--wait");
            assertThat(JSON.readTree(ok("get", id, "-o", "json").stdout())
                            .get("phase")
                            .asText())
                    .isEqualTo("Paused");
            ok("resume", id, "--wait");
            assertThat(ok("exec", id, "--", "echo", "back").stdout()).isEqualTo("back\n");
        } finally {
            cli("rm", id);
        }
    }

    @Test
    void interactiveTerminalThroughAPseudoTerminal() throws Exception {
        String id = createRunning();
        try {
            String cliCommand = String.join(
                    " ",
                    List.of(
                            java(),
                            "-cp",
                            System.getProperty("cli.classpath"),
                            SandboxCli.class.getName(),
                            "exec",
                            "-it",
                            id,
                            "sh"));
            ProcessBuilder builder = new ProcessBuilder("script", "-qefc", cliCommand, "/dev/null");
            environment(builder.environment());
            builder.environment().put("TERM", "xterm");
            builder.redirectErrorStream(true);
            Process p = builder.start();
            // Written by the reader thread, read by the test: ByteArrayOutputStream is synchronized.
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = p.getInputStream()) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        screen.write(buffer, 0, n);
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            });
            reader.start();
            OutputStream keys = p.getOutputStream();
            type(keys, "echo $((6*7))\n");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains("42"));
            // Ctrl+C reaches the sandbox's terminal: it interrupts the sleep, not this command line.
            type(keys, "sleep 100\n");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains("sleep 100"));
            type(keys, "\u0003");
            type(keys, "echo after-$((5+5))\n");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains("after-10"));
            type(keys, "stty size\n");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).matches("(?s).*\\b\\d+ \\d+\\r?\\n.*"));
            type(keys, "exit 3\n");
            assertThat(p.waitFor(30, TimeUnit.SECONDS))
                    .as(screen.toString(StandardCharsets.UTF_8))
                    .isTrue();
            reader.join();
            assertThat(p.exitValue())
                    .as(screen.toString(StandardCharsets.UTF_8))
                    .isEqualTo(3);
        } finally {
            cli("rm", id);
        }
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    @Test
    void copyFilesAndFoldersBothWaysListAndExport() throws Exception {
        String id = createRunning();
        try {
            Path file = Files.writeString(work.resolve("data.csv"), "a,b\n1,2\n");
            ok("cp", file.toString(), id + ":/workspace/input/");
            assertThat(ok("exec", id, "--", "cat", "/workspace/input/data.csv").stdout())
                    .isEqualTo("a,b\n1,2\n");

            Path folder = Files.createDirectories(work.resolve("project/src"));
            Files.writeString(folder.resolve("main.txt"), "main");
            Files.writeString(work.resolve("project/README"), "readme");
            ok("cp", work.resolve("project").toString(), id + ":proj");
            assertThat(ok("exec", id, "--", "cat", "/workspace/proj/src/main.txt", "/workspace/proj/README")
                            .stdout())
                    .isEqualTo("mainreadme");

            Run stdinCopy =
                    cli(Map.of(), "from stdin".getBytes(StandardCharsets.UTF_8), "cp", "-", id + ":notes/greeting.txt");
            assertThat(stdinCopy.exitCode()).as(stdinCopy.stderr()).isZero();
            assertThat(ok("cp", id + ":notes/greeting.txt", "-").stdout()).isEqualTo("from stdin");

            Path back = work.resolve("back.csv");
            ok("cp", id + ":/workspace/input/data.csv", back.toString());
            assertThat(Files.readString(back)).isEqualTo("a,b\n1,2\n");
            Path out = Files.createDirectories(work.resolve("out"));
            ok("cp", id + ":/workspace/proj", out.toString());
            assertThat(Files.readString(out.resolve("proj/src/main.txt"))).isEqualTo("main");
            ok("cp", id + ":/etc/hostname", work.resolve("hostname").toString());
            assertThat(Files.readString(work.resolve("hostname"))).isNotBlank();

            Run listing = ok("ls-files", id, "/workspace/proj");
            assertThat(listing.stdout()).contains("README").contains("src/");
            Run missing =
                    cli("cp", id + ":/workspace/nothing-here", work.resolve("x").toString());
            assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

            Path zip = work.resolve("proj.zip");
            ok("export", id, "/workspace/proj", zip.toString());
            try (ZipFile z = new ZipFile(zip.toFile())) {
                assertThat(z.getEntry("src/main.txt")).isNotNull();
            }
        } finally {
            cli("rm", id);
        }
    }

    @Test
    void logsStatsAndPreview() throws Exception {
        String id = ok(
                        "create",
                        IMAGE,
                        "--wait",
                        "--memory",
                        "128m",
                        "-p",
                        "8080",
                        "--",
                        "sh",
                        "-c",
                        "echo first; echo second >&2; sleep 600")
                .stdout()
                .trim();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cli("logs", id).stdout().contains("first"));
            Run logs = ok("logs", id, "--tail", "all");
            assertThat(logs.stdout()).contains("first");
            assertThat(logs.stderr()).contains("second");

            Run stats = ok("stats", id);
            assertThat(stats.stdout()).contains("CPU %").contains("MEMORY");
            assertThat(JSON.readTree(ok("stats", id, "-o", "json").stdout())
                            .get("memoryLimitBytes")
                            .asLong())
                    .isEqualTo(128L << 20);

            assertThat(ok("preview", id, "8080").stdout().trim())
                    .contains("8080")
                    .contains(id);
            Run signed = ok("preview", id, "8080", "--open-token", "--expires", "600");
            assertThat(signed.stdout()).contains("sandbox_token=");
            assertThat(cli("preview", id, "9999").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        } finally {
            cli("rm", id);
        }
    }

    @Test
    void followedLogsEndWhenTheSandboxStops() {
        String id = ok("create", IMAGE, "--wait", "--memory", "128m", "--", "sh", "-c", "echo one; sleep 3; echo two")
                .stdout()
                .trim();
        try {
            Run follow = ok("logs", "-f", id);
            assertThat(follow.stdout()).contains("one").contains("two");
        } finally {
            cli("rm", id);
        }
    }

    @Test
    void volumesMountAndUnmount() {
        String name = "cli-vol-" + UUID.randomUUID().toString().substring(0, 6);
        ok("volumes", "create", name, "--mount-path", "/data");
        String id = createRunning();
        try {
            assertThat(ok("volumes", "ls").stdout()).contains(name).contains("/data");
            ok("mount", id, name);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cli("exec", id, "--", "sh", "-c", "echo shared > /data/f && cat /data/f")
                            .stdout()
                            .equals("shared\n"));
            assertThat(ok("ls-files", id, "/data").stdout()).contains("f");
            ok("unmount", id, name);
        } finally {
            cli("rm", id);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cli("volumes", "rm", name).exitCode() == 0);
        }
    }
}
