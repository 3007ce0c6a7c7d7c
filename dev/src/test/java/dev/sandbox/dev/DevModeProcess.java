package dev.sandbox.dev;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dev mode ({@link DevMode}) as its own process, on free ports, with its state in {@code home}: started the way a script
 * starts it in the background ({@code java ... &} from {@code sh}, which leaves SIGINT ignored), or with the packaged
 * class path of {@code bin/sandbox dev}.
 */
final class DevModeProcess implements AutoCloseable {
    private static final Pattern GATEWAY = Pattern.compile("REST gateway\\s+(http://\\S+)");
    private static final Pattern KEY = Pattern.compile("API key\\s+(\\S+)");

    final Path home;
    final Path log;
    final long pid;
    final String gatewayUrl;
    final String apiKey;

    private DevModeProcess(Path home, Path log, long pid, String gatewayUrl, String apiKey) {
        this.home = home;
        this.log = log;
        this.pid = pid;
        this.gatewayUrl = gatewayUrl;
        this.apiKey = apiKey;
    }

    /** Starts it on the tests' class path and waits until it prints its banner. */
    static DevModeProcess start(Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path log = home.resolve("dev-mode.log");
        String script = "SANDBOX_HOME='" + home + "' SANDBOX_PORT=0 SANDBOX_KUBE_PORT=0 SANDBOX_OPERATOR_HTTP_PORT=0 '"
                + java() + "' -Xmx384m -cp '" + System.getProperty("java.class.path") + "' dev.sandbox.dev.DevMode > '"
                + log + "' 2>&1 &\necho $!\n";
        Process shell =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        shell.waitFor(10, TimeUnit.SECONDS);
        long pid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim());
        return awaitBanner(home, log, pid);
    }

    /**
     * Starts it with the command {@code bin/sandbox dev} runs, {@code java -Xmx384m -cp <jar>:<lib>/*
     * dev.sandbox.dev.DevMode}: the packaged jar and the run-time dependencies copied beside it, not the tests' class
     * path. Waits until it prints its banner.
     */
    static DevModeProcess startPackaged(Path home, Path jar, Path lib) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path log = home.resolve("dev-mode.log");
        ProcessBuilder command = new ProcessBuilder(
                        java(), "-Xmx384m", "-cp", jar + ":" + lib + "/*", "dev.sandbox.dev.DevMode")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        command.environment().put("SANDBOX_HOME", home.toString());
        command.environment().put("SANDBOX_PORT", "0");
        command.environment().put("SANDBOX_KUBE_PORT", "0");
        command.environment().put("SANDBOX_OPERATOR_HTTP_PORT", "0");
        Process process = command.start();
        try {
            return awaitBanner(home, log, process.pid());
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static DevModeProcess awaitBanner(Path home, Path log, long pid) {
        String[] found = new String[2];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String text = Files.exists(log) ? Files.readString(log) : "";
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        throw new IllegalStateException("dev mode exited during start:\n" + text);
                    }
                    Matcher g = GATEWAY.matcher(text);
                    Matcher k = KEY.matcher(text);
                    if (g.find() && k.find()) {
                        found[0] = g.group(1);
                        found[1] = k.group(1);
                        return true;
                    }
                    return false;
                });
        return new DevModeProcess(home, log, pid, found[0], found[1]);
    }

    Rest rest() {
        return new Rest(gatewayUrl, apiKey);
    }

    String installation() throws IOException {
        return Files.readString(home.resolve(StateDirectory.INSTALLATION_FILE)).trim();
    }

    /** Sends a signal with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor(5, TimeUnit.SECONDS);
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The PostgreSQL server process named by the data directory's postmaster.pid, when one is alive. */
    Optional<ProcessHandle> postgres() throws IOException {
        Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty()
                ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills whatever is left (the process, a PostgreSQL server it left) so that no test leaves processes behind. */
    @Override
    public void close() throws IOException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        postgres().ifPresent(ProcessHandle::destroy);
    }
}
