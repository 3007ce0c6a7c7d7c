package dev.sandbox.benchmarks;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.dev.DevStack;
import dev.sandbox.operator.MonitoringConfig;
import dev.sandbox.operator.model.SandboxNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Scale: memory of the process that runs the operator and the gateway with 0, 100 and 200 running idle sandboxes, and
 * how long a restarted operator takes to re-reconcile all of them.
 */
final class ScaleScenario {
    static final String ID = "scale";
    private static final double MB = 1024.0 * 1024.0;
    private static final long RECONCILE_DEADLINE_SECONDS = 600;

    private ScaleScenario() {}

    static String rss(int count) {
        return "JVM RSS with " + count + " running sandboxes";
    }

    static String heap(int count) {
        return "Java heap used after GC with " + count + " running sandboxes";
    }

    static String heapCommitted(int count) {
        return "Java heap committed with " + count + " running sandboxes";
    }

    static String samplingPass(int count) {
        return "usage sampling pass over " + count + " running sandboxes";
    }

    static String reReconcile(int count) {
        return "re-reconcile of " + count + " sandboxes by a restarted operator";
    }

    static ScenarioResult run(BenchContext ctx) throws InterruptedException {
        BenchmarkSettings s = ctx.settings();
        List<Measurement> rows = new ArrayList<>();
        List<GatewayApi.SandboxRef> running = new ArrayList<>();
        List<String> notes = new ArrayList<>(List.of(
                "Memory is that of the one JVM of dev mode, read after two full GCs: operator and gateway, but also the"
                        + " in-memory Kubernetes API (which holds every Sandbox resource and watch) and this benchmark's HTTP clients;"
                        + " PostgreSQL runs in a process of its own and is not counted. An upper bound for the control plane. This"
                        + " scenario runs first, before the bursts' client threads have grown the process.",
                "JVM options: " + jvmOptions() + " (max heap "
                        + Math.round(Runtime.getRuntime().maxMemory() / MB) + " MB); MALLOC_ARENA_MAX="
                        + System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset (glibc's default: 8 arenas per core)")
                        + ".",
                "Sandboxes are created " + s.scaleConcurrency() + " at a time through REST with wait=true.",
                "Sampling pass: one pass of the operator's usage sampler run by hand (list the node's containers, one no-stream"
                        + " stats call each on the sampler's pool, write the samples to PostgreSQL); it must stay under the sampling"
                        + " interval ("
                        + MonitoringConfig.defaults().sampleInterval().toSeconds() + " s by default, "
                        + MonitoringConfig.defaults().sampleParallelism()
                        + " stats calls at a time), or samples come less often than configured."));
        try {
            for (int count : s.scaleCounts()) {
                fill(ctx, running, count);
                ProcessMemory memory = ProcessMemory.afterGc();
                rows.add(Measurement.single(rss(count), Side.OURS, "MB", memory.rssBytes() / MB));
                rows.add(Measurement.single(heap(count), Side.OURS, "MB", memory.heapUsedBytes() / MB));
                rows.add(Measurement.single(heapCommitted(count), Side.OURS, "MB", memory.heapCommittedBytes() / MB));
                if (count > 0) {
                    rows.add(Measurement.single(
                            samplingPass(count), Side.OURS, "s", timeSamplingPass(ctx.stack(), count)));
                }
            }
            int top = running.size();
            if (top > 0) {
                rows.add(Measurement.single(reReconcile(top), Side.OURS, "s", timeReReconcile(ctx.stack())));
                notes.add(
                        "Re-reconcile: the operator is stopped, a new instance is started on the same Kubernetes API; timed from"
                                + " constructing it until it has inspected the container of every sandbox (the last Docker call of the"
                                + " reconcile of an unchanged, running sandbox). Includes informer start-up and cache sync.");
            }
        } finally {
            deleteAll(ctx, running);
        }
        return ScenarioResult.of(
                ID, "Scale: control-plane memory and operator restart with many idle sandboxes", rows, notes);
    }

    private static String jvmOptions() {
        List<String> options = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> !o.startsWith("-Dbench."))
                .toList();
        return options.isEmpty() ? "none (JVM defaults)" : "`" + String.join(" ", options) + "`";
    }

    /** Creates sandboxes until {@code running} holds {@code count}; those made are kept in it even when some fail. */
    private static void fill(BenchContext ctx, List<GatewayApi.SandboxRef> running, int count)
            throws InterruptedException {
        int missing = count - running.size();
        if (missing <= 0) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(ctx.settings().scaleConcurrency());
        try {
            List<Future<GatewayApi.SandboxRef>> futures = new ArrayList<>();
            for (int i = 0; i < missing; i++) {
                futures.add(pool.submit(
                        () -> ctx.rest().createAndWait(ctx.settings().image())));
            }
            RuntimeException failure = null;
            for (Future<GatewayApi.SandboxRef> f : futures) {
                try {
                    running.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure != null
                            ? failure
                            : new IllegalStateException(
                                    "filling up to " + count + " sandboxes: "
                                            + e.getCause().getMessage(),
                                    e.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Seconds one sampling pass takes; fails when it did not sample every sandbox. */
    private static double timeSamplingPass(DevStack stack, int count) {
        long t0 = System.nanoTime();
        int sampled = stack.operator().sampler().pass().size();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sampled < count) {
            throw new IllegalStateException(
                    "the sampling pass read the stats of " + sampled + " of " + count + " running sandboxes");
        }
        return seconds;
    }

    /** Seconds from starting a new operator until it has looked at the container of every sandbox. */
    private static double timeReReconcile(DevStack stack) throws InterruptedException {
        Set<String> containers =
                stack
                        .kubernetesClient()
                        .resources(Sandbox.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .list()
                        .getItems()
                        .stream()
                        .map(sb -> SandboxNames.container(sb.getMetadata().getUid()))
                        .collect(Collectors.toUnmodifiableSet());
        ConcurrentHashMap<String, Long> firstSeen = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(containers.size());
        AtomicLong start = new AtomicLong();
        stack.restartOperator(runtime -> {
            // Called once the old instance has stopped, just before the new one is built: the clock starts here.
            start.set(System.nanoTime());
            return RecordingRuntime.wrap(runtime, (method, args, begin, end) -> {
                if (method.equals("inspect")
                        && args.length == 1
                        && containers.contains(args[0])
                        && firstSeen.putIfAbsent((String) args[0], end) == null) {
                    all.countDown();
                }
            });
        });
        if (!all.await(RECONCILE_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the restarted operator re-reconciled only " + firstSeen.size() + " of "
                    + containers.size() + " sandboxes within " + RECONCILE_DEADLINE_SECONDS + " s");
        }
        long last = firstSeen.values().stream().mapToLong(Long::longValue).max().orElse(start.get());
        return (last - start.get()) / 1e9;
    }

    /** Deletes the sandboxes made here, some at a time, and checks that none is left. */
    private static void deleteAll(BenchContext ctx, List<GatewayApi.SandboxRef> running) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(ctx.settings().scaleConcurrency());
        try {
            List<Callable<Void>> deletes = running.stream()
                    .<Callable<Void>>map(ref -> () -> {
                        ctx.rest().deleteAndWait(ref.id());
                        return null;
                    })
                    .toList();
            for (Future<Void> f : pool.invokeAll(deletes)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(
                            "deleting a scale sandbox failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
