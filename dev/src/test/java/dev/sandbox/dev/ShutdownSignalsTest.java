package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started in the background by a shell script has SIGINT ignored; {@link ShutdownSignals} still runs the
 * shutdown on SIGINT (and SIGTERM). {@link #main} is the probe process.
 */
class ShutdownSignalsTest {
    @TempDir
    Path dir;

    /** Prints "ready", and "stopped" when the shutdown runs. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("ignored-at-start " + ShutdownSignals.ignored(2));
        ShutdownSignals.install(() -> System.out.println("stopped"));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
        System.out.println("not stopped");
    }

    void stopsOn(String signal) throws Exception {
        Path out = dir.resolve("probe-" + signal + ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As a script starts a program in the background: sh leaves SIGINT (and SIGQUIT) ignored for it.
        Process sh = new ProcessBuilder(
                        "sh",
                        "-c",
                        "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                                + ShutdownSignalsTest.class.getName() + " > '" + out + "' 2>&1 &\necho $!")
                .start();
        long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(out) && Files.readString(out).contains("ready"));
        assertThat(Files.readString(out)).contains("ignored-at-start true");
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).isEmpty()
                        || !ProcessHandle.of(pid).get().isAlive());
        assertThat(Files.readString(out)).contains("stopped").doesNotContain("not stopped");
    }

    @Test
    void sigintReachesABackgroundedProcessAndRunsTheShutdown() throws Exception {
        stopsOn("INT");
    }

    @Test
    void sigtermRunsTheShutdown() throws Exception {
        stopsOn("TERM");
    }
}
