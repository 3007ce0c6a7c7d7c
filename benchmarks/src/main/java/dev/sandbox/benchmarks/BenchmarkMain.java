package dev.sandbox.benchmarks;

import dev.sandbox.client.SandboxClient;
import dev.sandbox.dev.DevSettings;
import dev.sandbox.dev.DevStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code bin/sandbox bench}: starts the whole system in this process (as dev mode does), runs every scenario with ours
 * and the raw engine alternately, and writes {@code BENCHMARKS.md} and {@code benchmarks/results/latest.json} under the
 * output directory.
 *
 * <pre>
 * java -cp ... dev.sandbox.benchmarks.BenchmarkMain [--smoke] [--out DIR]
 * </pre>
 */
public final class BenchmarkMain {
    static final String RESULTS = "benchmarks/results/latest.json";
    static final String MARKDOWN = "BENCHMARKS.md";

    private BenchmarkMain() {}

    public static void main(String[] args) throws IOException {
        boolean smoke = false;
        Path out = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println(
                            "usage: BenchmarkMain [--smoke] [--out DIR]   (counts: -Dbench.<key>=N, see BenchmarkSettings)");
                    System.exit(2);
                }
            }
        }
        // Each create logs a dozen lines at INFO: keep them (production logs them too) but in a file, not on the
        // console.
        Path logFile = out.resolve("benchmarks/target/benchmark.log").toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        System.setProperty(
                "org.slf4j.simpleLogger.logFile",
                System.getProperty("org.slf4j.simpleLogger.logFile", logFile.toString()));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        BenchmarkSettings settings = BenchmarkSettings.overridden(
                smoke ? BenchmarkSettings.smoke() : BenchmarkSettings.full(), System.getProperties(), System.getenv());
        String command = System.getProperty(
                "bench.command", "java dev.sandbox.benchmarks.BenchmarkMain" + (smoke ? " --smoke" : ""));
        System.out.println("benchmark: " + settings.mode() + " run; logs in "
                + System.getProperty("org.slf4j.simpleLogger.logFile"));
        BenchmarkReport report =
                run(settings, command, "bench-" + randomSuffix(), line -> System.out.println("benchmark: " + line));
        write(report, out);
        System.out.println();
        System.out.println(ReportWriter.toMarkdown(report));
        System.out.println("benchmark: wrote " + out.resolve(MARKDOWN) + " and " + out.resolve(RESULTS));
        // DevStack and the HTTP clients leave non-daemon threads behind on Java 17.
        System.exit(0);
    }

    /** Writes the JSON results and merges the Markdown into {@code BENCHMARKS.md} under {@code out}. */
    static void write(BenchmarkReport report, Path out) throws IOException {
        Path json = out.resolve(RESULTS);
        Files.createDirectories(json.getParent());
        Files.writeString(json, ReportWriter.toJson(report));
        Path md = out.resolve(MARKDOWN);
        Files.writeString(md, ReportWriter.mergeInto(Files.exists(md) ? Files.readString(md) : null, report));
    }

    /**
     * Runs every scenario against a fresh in-process system whose operator is node {@code node} (raw containers get node
     * {@code <node>-raw}); everything made is removed again, also on failure.
     */
    public static BenchmarkReport run(
            BenchmarkSettings settings, String command, String node, Consumer<String> progress) throws IOException {
        Instant started = Instant.now();
        LoadAverage before = LoadAverage.now();
        Path home = Files.createTempDirectory("sandbox-bench-");
        List<ScenarioResult> results = new ArrayList<>();
        CreateBreakdown breakdown = null;
        MachineInfo machine;
        progress.accept("starting the system in this process (node " + node + ")");
        try (DevStack stack = DevStack.start(DevSettings.forTests(home, node));
                RawEngine raw = new RawEngine(stack.settings().dockerHost(), node + "-raw", settings.image());
                SandboxClient client = SandboxClient.builder()
                        .baseUrl(stack.gatewayUrl())
                        .apiKey(stack.apiKey())
                        .timeout(Duration.ofMinutes(2))
                        .build()) {
            machine = MachineInfo.probe(raw.engineVersion());
            BenchContext ctx = new BenchContext(
                    settings, stack, new GatewayApi(stack.gatewayUrl(), stack.apiKey()), client.blocking(), raw);
            try {
                // Scale first: memory read later would also hold what the bursts' hundred client threads and
                // connections
                // left in this process (glibc arenas, a grown heap), which is the harness, not the control plane.
                // Scale first: memory read later would also hold what the bursts' hundred client threads and
                // connections
                // left in this process (glibc arenas, a grown heap), which is the harness, not the control plane.
                if (settings.runs(ScaleScenario.ID)) {
                    results.addAll(scenario(ctx, progress, ScaleScenario.ID, () -> List.of(ScaleScenario.run(ctx))));
                }
                if (settings.runs(CreateScenario.ID)) {
                    results.addAll(scenario(ctx, progress, CreateScenario.ID, () -> List.of(CreateScenario.run(ctx))));
                }
                if (settings.runs(ExecScenario.ID)) {
                    results.addAll(scenario(ctx, progress, ExecScenario.ID, () -> List.of(ExecScenario.run(ctx))));
                }
                if (settings.runs(StreamingScenario.ID)) {
                    results.addAll(
                            scenario(ctx, progress, StreamingScenario.ID, () -> List.of(StreamingScenario.run(ctx))));
                }
                if (settings.runs(FilesScenario.ID)) {
                    results.addAll(scenario(ctx, progress, FilesScenario.ID, () -> FilesScenario.run(ctx)));
                }
                if (settings.runs(BurstScenario.ID)) {
                    results.addAll(scenario(ctx, progress, BurstScenario.ID, () -> BurstScenario.run(ctx)));
                }
                if (settings.runs(PauseScenario.ID)) {
                    results.addAll(scenario(ctx, progress, PauseScenario.ID, () -> List.of(PauseScenario.run(ctx))));
                }
                if (settings.runs(SnapshotScenario.ID)) {
                    results.addAll(
                            scenario(ctx, progress, SnapshotScenario.ID, () -> List.of(SnapshotScenario.run(ctx))));
                }
                if (settings.runs(E2bSdkScenario.ID)) {
                    results.addAll(scenario(ctx, progress, E2bSdkScenario.ID, () -> List.of(E2bSdkScenario.run(ctx))));
                }
                if (settings.runs(PoolScenario.ID)) {
                    results.addAll(scenario(ctx, progress, PoolScenario.ID, () -> PoolScenario.run(ctx)));
                }
                if (settings.runs(CreateProfiler.ID)) {
                    progress.accept("profiling where create time goes");
                    try {
                        breakdown = CreateProfiler.run(ctx);
                    } catch (Exception e) {
                        progress.accept("profiling creates failed: " + e);
                    }
                }
                removeLeftoverSandboxes(ctx, progress);
            } finally {
                int swept = raw.sweep();
                if (swept > 0) {
                    progress.accept("removed " + swept + " raw containers and volumes left behind");
                }
            }
            progress.accept("stopping the system");
        } finally {
            deleteTree(home);
        }
        return new BenchmarkReport(
                settings.mode(),
                command,
                started,
                Instant.now(),
                machine,
                before,
                LoadAverage.now(),
                settings,
                List.copyOf(results),
                Targets.evaluate(results),
                breakdown);
    }

    @FunctionalInterface
    private interface ScenarioRun {
        List<ScenarioResult> run() throws Exception;
    }

    /** Runs one scenario; a failure becomes a failed row instead of ending the run, and its sandboxes are removed. */
    private static List<ScenarioResult> scenario(
            BenchContext ctx, Consumer<String> progress, String id, ScenarioRun run) {
        progress.accept("scenario " + id + " ...");
        long t0 = System.nanoTime();
        List<ScenarioResult> results;
        try {
            results = run.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            progress.accept("scenario " + id + " failed: " + e);
            results = List.of(ScenarioResult.of(
                    id,
                    "scenario " + id,
                    List.of(Measurement.failed(id, Side.OURS, "", String.valueOf(e.getMessage()))),
                    List.of()));
        }
        progress.accept(String.format("scenario %s done in %.0f s", id, (System.nanoTime() - t0) / 1e9));
        removeLeftoverSandboxes(ctx, progress);
        return results;
    }

    private static void removeLeftoverSandboxes(BenchContext ctx, Consumer<String> progress) {
        List<String> left = ctx.rest().ids();
        if (!left.isEmpty()) {
            progress.accept("deleting " + left.size() + " sandboxes a failed step left behind");
            left.forEach(ctx.rest()::deleteAndWait);
        }
    }

    private static String randomSuffix() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        return s.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
