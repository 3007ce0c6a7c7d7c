package dev.sandbox.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Create-to-first-command through the official E2B JavaScript SDK ({@code Sandbox.create('base')} then
 * {@code commands.run('echo ok')}) against this platform's E2B-compatible API, next to the raw engine doing the same
 * with the same image ({@code docker run -d} then {@code docker exec}). Comparable with the numbers E2B and Daytona
 * publish for their own clouds. Needs the SDK installed ({@code e2b-tests/prepare.sh}) and the base image
 * ({@code bin/sandbox build-e2b-image}).
 */
final class E2bSdkScenario {
    static final String ID = "e2b";
    static final String SDK = "E2B JS SDK: Sandbox.create('base') + commands.run('echo ok')";
    static final String DOCKER = "docker run -d + docker exec bash -lc 'echo ok' (same image)";
    static final String IMAGE = "sandbox-e2b-base:local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private E2bSdkScenario() {}

    static ScenarioResult run(BenchContext ctx) {
        BenchmarkSettings s = ctx.settings();
        Path js = root().resolve("e2b-tests/js");
        if (!Files.isDirectory(js.resolve("node_modules/e2b"))) {
            throw new IllegalStateException("the e2b npm package is not installed; run e2b-tests/prepare.sh");
        }
        List<Measurement> rows = new Alternation(ID)
                .variant(SDK, Side.OURS, "ms", samples -> samples.add(SDK, sdkCreateToFirstCommand(ctx, js)))
                .variant(
                        DOCKER,
                        Side.BASELINE,
                        "ms",
                        samples -> ctx.raw().withContainer(ctx.raw().nextSpec(IMAGE), spec -> {
                            String out = samples.time(DOCKER, () -> {
                                DockerCli.run(DockerRunArgs.of(spec));
                                return DockerCli.run(List.of("docker", "exec", spec.name(), "bash", "-lc", "echo ok"))
                                        .stdout();
                            });
                            if (!out.equals("ok\n")) {
                                throw new IllegalStateException("docker exec printed '" + out + "'");
                            }
                        }))
                .run(s.createWarmup(), s.createIterations())
                .measurements();
        return ScenarioResult.of(
                ID,
                "Create to first command through the real E2B SDK (npm e2b), one at a time",
                rows,
                List.of(
                        "Timed inside Node from the call of Sandbox.create until commands.run('echo ok') has returned its output; Node's"
                                + " start and the kill that follows are not counted. The SDK talks to the gateway as it would to E2B's cloud:"
                                + " POST /v2/sandboxes (which answers once the sandbox runs), then process.Process/Start over the Connect"
                                + " protocol.",
                        "The baseline makes the same container (the operator's settings, image " + IMAGE
                                + ") with docker run -d and" + " runs the same command with docker exec."));
    }

    /** One run of e2b-tests/js/bench.mjs, which prints its timing as JSON. */
    private static double sdkCreateToFirstCommand(BenchContext ctx, Path js) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("node", "bench.mjs").directory(js.toFile()).redirectErrorStream(true);
        builder.environment().put("E2B_API_URL", ctx.stack().gatewayUrl());
        builder.environment().put("E2B_SANDBOX_URL", ctx.stack().gatewayUrl());
        builder.environment().put("E2B_API_KEY", ctx.stack().apiKey());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("node bench.mjs failed: " + output.trim());
        }
        String last = output.strip().lines().reduce((a, b) -> b).orElse("{}");
        JsonNode timing = JSON.readTree(last);
        if (!timing.has("createToFirstCommandMs")) {
            throw new IllegalStateException("node bench.mjs printed no timing: " + output.trim());
        }
        return timing.get("createToFirstCommandMs").asDouble();
    }

    /** The checkout's root: bin/sandbox runs from there, the tests from a module folder. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("e2b-tests"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "e2b-tests/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
