package dev.sandbox.benchmarks;

import dev.sandbox.operator.runtime.ContainerSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Bursts: N creates at once until all run, through the REST gateway and straight through docker-java. The makespan
 * (first request to last sandbox Running) is what a user starting N agents waits for.
 */
final class BurstScenario {
    static final String ID = "burst";

    private BurstScenario() {}

    static String restMakespan(int n) {
        return "REST: " + n + " concurrent creates, all Running (makespan)";
    }

    static String rawMakespan(int n) {
        return "docker-java: " + n + " concurrent create+start (makespan)";
    }

    static List<ScenarioResult> run(BenchContext ctx) {
        List<ScenarioResult> results = new ArrayList<>();
        for (int n : ctx.settings().burstSizes()) {
            results.add(runSize(ctx, n));
        }
        return results;
    }

    private static ScenarioResult runSize(BenchContext ctx, int n) {
        String restMakespan = restMakespan(n);
        String rawMakespan = rawMakespan(n);
        String restEach = "REST: per-sandbox latency in a burst of " + n;
        String rawEach = "docker-java: per-container latency in a burst of " + n;
        String image = ctx.settings().image();
        List<Measurement> rows = new Alternation(ID + "-" + n)
                .variant("REST", List.of(restMakespan, restEach), Side.OURS, "ms", samples -> {
                    List<Integer> indexes = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        indexes.add(i);
                    }
                    burst(
                            indexes,
                            i -> ctx.rest().createAndWait(image),
                            ref -> ctx.rest().deleteAndWait(ref.id()),
                            restMakespan,
                            restEach,
                            samples);
                })
                .variant("docker-java", List.of(rawMakespan, rawEach), Side.BASELINE, "ms", samples -> {
                    List<ContainerSpec> specs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        specs.add(ctx.raw().nextSpec());
                    }
                    burst(
                            specs,
                            spec -> {
                                ctx.raw().createAndStart(spec);
                                return spec;
                            },
                            spec -> ctx.raw().remove(spec),
                            rawMakespan,
                            rawEach,
                            samples);
                })
                .run(0, ctx.settings().burstRounds())
                .measurements();
        List<Measurement[]> pairs = List.of(
                new Measurement[] {find(rows, restMakespan), find(rows, rawMakespan)},
                new Measurement[] {find(rows, restEach), find(rows, rawEach)});
        return ScenarioResult.withPairs(
                ID + "-" + n,
                "Burst: " + n + " concurrent creates until all Running",
                rows,
                pairs,
                List.of(
                        "All " + n
                                + " requests start together (one thread each); the makespan runs from the start to the last"
                                + " Running answer. Rounds: " + ctx.settings().burstRounds()
                                + " per side, alternating which side goes first;"
                                + " everything is deleted between rounds.",
                        "docker-java uses one client with at most 64 connections, as the operator's does; the operator reconciles at"
                                + " most 50 sandboxes at a time (JOSDK's default)."));
    }

    /**
     * Starts one create per item at the same moment, waits for all, records the makespan and each latency, then removes
     * everything that was made (also when some creates failed).
     */
    private static <I, R> void burst(
            List<I> items,
            Function<I, R> create,
            Consumer<R> remove,
            String makespanRow,
            String eachRow,
            Alternation.Samples samples)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(items.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<R> made = new ArrayList<>();
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> {
                    go.await();
                    long t = System.nanoTime();
                    R result = create.apply(item);
                    latencies.add(Alternation.millisSince(t));
                    return result;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            RuntimeException failure = null;
            for (Future<R> f : futures) {
                try {
                    made.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure != null
                            ? failure
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
            double makespan = Alternation.millisSince(t0);
            if (failure != null) {
                throw failure;
            }
            samples.add(makespanRow, makespan);
            latencies.forEach(l -> samples.add(eachRow, l));
        } finally {
            List<Callable<Void>> removals = made.stream()
                    .<Callable<Void>>map(r -> () -> {
                        remove.accept(r);
                        return null;
                    })
                    .toList();
            pool.invokeAll(removals);
            pool.shutdown();
        }
    }

    private static Measurement find(List<Measurement> rows, String variant) {
        return rows.stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow();
    }
}
