package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official E2B SDKs, unchanged, against dev mode's E2B-compatible API: the npm package runs
 * {@code e2b-tests/js/scenario.test.mjs} with Node's test runner, the PyPI package runs
 * {@code e2b-tests/python/scenario.py}. Both create sandboxes from the {@code base} template, run commands, move
 * files, watch a directory, change timeouts, pause and connect, list by metadata and kill; every check is in the
 * scenario files. The pinned SDKs are installed by {@code e2b-tests/prepare.sh} (which {@code bin/sandbox test} runs)
 * and the base image by {@code bin/sandbox build-e2b-image}; both are quick when already done.
 */
class E2bSdkIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    static DevStack stack;

    @BeforeAll
    static void start() throws Exception {
        run(List.of("bash", ROOT.resolve("e2b-tests/prepare.sh").toString()), ROOT, Map.of(), 900);
        run(List.of("bash", ROOT.resolve("bin/sandbox").toString(), "build-e2b-image"), ROOT, Map.of(), 1800);
        stack = DevStack.start(
                DevSettings.forTests(home, "e2b-" + UUID.randomUUID().toString().substring(0, 6)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theJavaScriptSdkRunsItsScenario() throws Exception {
        String output = run(
                List.of("node", "--test", "--test-reporter=spec", "scenario.test.mjs"),
                ROOT.resolve("e2b-tests/js"),
                sdkEnvironment("js"),
                600);
        assertThat(output).contains("ℹ pass 21").contains("ℹ fail 0");
    }

    @Test
    void thePythonSdkRunsItsScenario() throws Exception {
        String output = run(
                List.of(ROOT.resolve("e2b-tests/python/.venv/bin/python").toString(), "scenario.py"),
                ROOT.resolve("e2b-tests/python"),
                sdkEnvironment("py"),
                600);
        assertThat(output).contains("13 passed, 0 failed");
    }

    private static Map<String, String> sdkEnvironment(String language) {
        return Map.of(
                "E2B_API_URL", stack.gatewayUrl(),
                "E2B_SANDBOX_URL", stack.gatewayUrl(),
                "E2B_API_KEY", stack.apiKey(),
                "E2B_TEST_RUN", language + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Runs a program, echoing its output into the test log; fails unless it exits 0 within {@code seconds}. */
    private static String run(List<String> command, Path directory, Map<String, String> environment, long seconds)
            throws IOException, InterruptedException {
        assertThat(Files.isDirectory(directory)).as(directory + " exists").isTrue();
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[" + command.get(command.size() - 1) + "] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        });
        reader.start();
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        String text;
        synchronized (output) {
            text = output.toString();
        }
        assertThat(finished)
                .as(String.join(" ", command) + " finished within " + seconds + " s")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + " exit code; output:\n" + text)
                .isZero();
        return text;
    }
}
