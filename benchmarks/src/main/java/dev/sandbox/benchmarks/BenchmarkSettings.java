package dev.sandbox.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How much each scenario does. The full run is sized for a 2-core machine (well under 30 minutes); the smoke run does
 * a couple of iterations of everything and is part of the test suite. Every count can be overridden by a system
 * property {@code bench.<key>} or an environment variable {@code SANDBOX_BENCH_<KEY>} (dots become underscores), e.g.
 * {@code -Dbench.create.iterations=50} or {@code SANDBOX_BENCH_SCALE_COUNTS=0,50,100}.
 *
 * @param mode {@code full} or {@code smoke}
 * @param image image of every sandbox and raw container
 * @param createWarmup create iterations per variant that are run but not counted
 * @param createIterations counted create iterations per variant
 * @param execWarmup exec iterations not counted
 * @param execIterations counted exec iterations per variant
 * @param streamWarmup streamed commands not counted
 * @param streamIterations counted streamed commands per variant
 * @param streamLines timestamped lines each streamed command prints
 * @param streamIntervalMs pause between those lines
 * @param burstSizes numbers of concurrent creates
 * @param burstRounds rounds per burst size and side
 * @param fileSizes file sizes in bytes written and read
 * @param fileWarmup file round trips not counted
 * @param fileIterations counted writes and reads per size and variant
 * @param scaleCounts numbers of running idle sandboxes at which memory is read, ascending; the last one is also
 *     re-reconciled by a restarted operator
 * @param scaleConcurrency concurrent creates while filling up to a scale count
 * @param profileCreates creates timed step by step for the breakdown of where create time goes
 * @param scenarios the scenarios to run, by id ({@code scale, create, exec, streaming, files, burst, pause, snapshot, e2b, pool,
 *     profile}); all of them unless {@code bench.scenarios} names fewer
 * @param poolClaims counted claims from a warm pool per variant (and cold creates of the same template)
 * @param poolSize ready sandboxes kept in the warm pool the single claims are timed against
 * @param poolBurst concurrent claims from a pool of that many ready sandboxes; also the size refilled and timed
 */
public record BenchmarkSettings(
        String mode,
        String image,
        int createWarmup,
        int createIterations,
        int execWarmup,
        int execIterations,
        int streamWarmup,
        int streamIterations,
        int streamLines,
        int streamIntervalMs,
        List<Integer> burstSizes,
        int burstRounds,
        List<Integer> fileSizes,
        int fileWarmup,
        int fileIterations,
        List<Integer> scaleCounts,
        int scaleConcurrency,
        int profileCreates,
        List<String> scenarios,
        int poolClaims,
        int poolSize,
        int poolBurst) {

    public static final String IMAGE = "sandbox-busybox:local";
    /** Every scenario, in the order they run. */
    public static final List<String> ALL_SCENARIOS = List.of(
            "scale", "create", "exec", "streaming", "files", "burst", "pause", "snapshot", "e2b", "pool", "profile");

    public static BenchmarkSettings full() {
        return new BenchmarkSettings(
                "full",
                IMAGE,
                3,
                30,
                5,
                100,
                2,
                20,
                5,
                100,
                List.of(50, 100),
                2,
                List.of(1024, 10 * 1024 * 1024),
                2,
                20,
                List.of(0, 100, 200),
                10,
                10,
                ALL_SCENARIOS,
                40,
                5,
                100);
    }

    public static BenchmarkSettings smoke() {
        return new BenchmarkSettings(
                "smoke",
                IMAGE,
                1,
                2,
                1,
                2,
                0,
                2,
                3,
                50,
                List.of(3),
                1,
                List.of(1024),
                0,
                2,
                List.of(0, 5),
                5,
                2,
                ALL_SCENARIOS,
                3,
                2,
                5);
    }

    /** Whether scenario {@code id} is among those this run does. */
    public boolean runs(String id) {
        return scenarios.contains(id);
    }

    /** {@code base} with every value that a system property or environment variable sets replaced. */
    public static BenchmarkSettings overridden(BenchmarkSettings base, Properties properties, Map<String, String> env) {
        Overrides o = new Overrides(properties, env);
        return new BenchmarkSettings(
                        base.mode(),
                        o.text("image", base.image()),
                        o.number("create.warmup", base.createWarmup()),
                        o.number("create.iterations", base.createIterations()),
                        o.number("exec.warmup", base.execWarmup()),
                        o.number("exec.iterations", base.execIterations()),
                        o.number("stream.warmup", base.streamWarmup()),
                        o.number("stream.iterations", base.streamIterations()),
                        o.number("stream.lines", base.streamLines()),
                        o.number("stream.interval.ms", base.streamIntervalMs()),
                        o.numbers("burst.sizes", base.burstSizes()),
                        o.number("burst.rounds", base.burstRounds()),
                        o.numbers("file.sizes", base.fileSizes()),
                        o.number("file.warmup", base.fileWarmup()),
                        o.number("file.iterations", base.fileIterations()),
                        o.numbers("scale.counts", base.scaleCounts()),
                        o.number("scale.concurrency", base.scaleConcurrency()),
                        o.number("profile.creates", base.profileCreates()),
                        o.words("scenarios", base.scenarios()),
                        o.number("pool.claims", base.poolClaims()),
                        o.number("pool.size", base.poolSize()),
                        o.number("pool.burst", base.poolBurst()))
                .validated();
    }

    private BenchmarkSettings validated() {
        for (int n : List.of(
                createIterations,
                execIterations,
                streamIterations,
                streamLines,
                burstRounds,
                fileIterations,
                scaleConcurrency,
                poolClaims,
                poolSize,
                poolBurst)) {
            if (n < 1) {
                throw new IllegalArgumentException("iteration counts must be at least 1: " + this);
            }
        }
        for (String scenario : scenarios) {
            if (!ALL_SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("bench.scenarios: unknown scenario '" + scenario + "'; known: "
                        + String.join(", ", ALL_SCENARIOS));
            }
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException(
                    "bench.scenarios names no scenario; known: " + String.join(", ", ALL_SCENARIOS));
        }
        if (scaleCounts.isEmpty() || !scaleCounts.stream().sorted().toList().equals(scaleCounts)) {
            throw new IllegalArgumentException("bench.scale.counts must be ascending, was " + scaleCounts);
        }
        return this;
    }

    /** Looks a key up as {@code bench.<key>} among the properties, then as {@code SANDBOX_BENCH_<KEY>} in the environment. */
    private record Overrides(Properties properties, Map<String, String> env) {
        String text(String key, String fallback) {
            String p = properties.getProperty("bench." + key);
            if (p != null && !p.isBlank()) {
                return p.trim();
            }
            String e = env.get("SANDBOX_BENCH_" + key.replace('.', '_').toUpperCase(Locale.ROOT));
            return e != null && !e.isBlank() ? e.trim() : fallback;
        }

        int number(String key, int fallback) {
            String value = text(key, null);
            try {
                return value == null ? fallback : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bench." + key + " must be a whole number, was '" + value + "'", e);
            }
        }

        List<String> words(String key, List<String> fallback) {
            String value = text(key, null);
            return value == null
                    ? fallback
                    : Arrays.stream(value.split(","))
                            .map(String::trim)
                            .filter(w -> !w.isEmpty())
                            .map(w -> w.toLowerCase(Locale.ROOT))
                            .toList();
        }

        List<Integer> numbers(String key, List<Integer> fallback) {
            String value = text(key, null);
            try {
                return value == null
                        ? fallback
                        : Arrays.stream(value.split(","))
                                .map(String::trim)
                                .map(Integer::valueOf)
                                .toList();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bench." + key + " must be comma-separated whole numbers, was '" + value + "'", e);
            }
        }
    }
}
