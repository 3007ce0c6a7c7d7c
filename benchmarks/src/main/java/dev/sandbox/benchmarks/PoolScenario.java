package dev.sandbox.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxTemplateSpec;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.SandboxWarmPoolSpec;
import dev.sandbox.dev.DevStack;
import dev.sandbox.operator.runtime.ContainerSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Warm pools: a claim from a pool through REST and the SDK against a cold create of the same template in the same run,
 * a burst of concurrent claims from a full pool, and how fast the operator fills a pool compared with docker-java
 * creating and starting as many containers at once.
 */
final class PoolScenario {
    static final String ID = "pool";
    static final String REST_CLAIM = "REST claim from a warm pool (POST /v1/sandboxes?wait=true, template)";
    static final String REST_CLAIM_EXEC = "REST claim + first exec (create to first command)";
    static final String SDK_CLAIM = "SDK createSandbox(fromTemplate, wait=true), warm pool";
    static final String REST_COLD = "REST cold create of the same template (no pool)";
    static final String REST_COLD_EXEC = "REST cold create + first exec (create to first command)";
    static final String DOCKER_JAVA = CreateScenario.DOCKER_JAVA;

    private PoolScenario() {}

    static String burstMakespan(int n) {
        return "REST: " + n + " concurrent claims from a pool of " + n + " (makespan)";
    }

    static String burstEach(int n) {
        return "REST: per-claim latency in a burst of " + n;
    }

    static String fillRate(int n) {
        return "operator: pool filled from 0 to " + n + " ready (sandboxes/s)";
    }

    static String refillRate(int n) {
        return "operator: pool refilled to " + n + " after the burst (sandboxes/s)";
    }

    static String rawRate(int n) {
        return "docker-java: " + n + " concurrent create+start (containers/s)";
    }

    static List<ScenarioResult> run(BenchContext ctx) throws Exception {
        KubernetesClient kube = ctx.stack().kubernetesClient();
        String suffix = Long.toString(System.nanoTime() % 1_000_000, 36);
        String warm = "bench-warm-" + suffix;
        String cold = "bench-cold-" + suffix;
        String burst = "bench-burst-" + suffix;
        List<ScenarioResult> results = new ArrayList<>();
        try {
            template(kube, warm, ctx.settings().image());
            template(kube, cold, ctx.settings().image());
            template(kube, burst, ctx.settings().image());
            pool(kube, warm, ctx.settings().poolSize());
            awaitReady(kube, warm, ctx.settings().poolSize(), Duration.ofMinutes(5));
            results.add(claims(ctx, warm, cold));
            results.add(burstAndRefill(ctx, kube, burst));
        } finally {
            for (String t : List.of(warm, cold, burst)) {
                kube.resources(SandboxWarmPool.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withName(t)
                        .delete();
            }
            waitUntil(
                    () -> kube.resources(Sandbox.class)
                            .inNamespace(DevStack.NAMESPACE)
                            .withLabel(SandboxWarmPool.POOL_LABEL)
                            .list()
                            .getItems()
                            .isEmpty(),
                    Duration.ofMinutes(5));
            for (String t : List.of(warm, cold, burst)) {
                kube.resources(SandboxTemplate.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withName(t)
                        .delete();
            }
        }
        return results;
    }

    private static ScenarioResult claims(BenchContext ctx, String warm, String cold) {
        KubernetesClient kube = ctx.stack().kubernetesClient();
        int size = ctx.settings().poolSize();
        List<Measurement> rows = new Alternation(ID + "-claim")
                .variant(REST_CLAIM, List.of(REST_CLAIM, REST_CLAIM_EXEC), Side.OURS, "ms", samples -> {
                    // Timed against a full pool: what a claim costs, not how fast the pool refills between iterations.
                    awaitReady(kube, warm, size, Duration.ofMinutes(2));
                    long t0 = System.nanoTime();
                    JsonNode body = ctx.rest().createFromTemplate(warm);
                    double claim = Alternation.millisSince(t0);
                    ctx.rest().exec(body.path("id").asText(), List.of("true"));
                    double toCommand = Alternation.millisSince(t0);
                    ctx.rest().deleteAndWait(body.path("id").asText());
                    requireWarm(body.path("start").asText(), body.path("id").asText());
                    samples.add(REST_CLAIM, claim);
                    samples.add(REST_CLAIM_EXEC, toCommand);
                })
                .variant(SDK_CLAIM, Side.OURS, "ms", samples -> {
                    awaitReady(kube, warm, size, Duration.ofMinutes(2));
                    SandboxInfo info = samples.time(
                            SDK_CLAIM, () -> ctx.sdk().createSandbox(CreateSandboxRequest.fromTemplate(warm), true));
                    ctx.rest().deleteAndWait(info.id());
                    requireWarm(info.start(), info.id());
                })
                .variant(REST_COLD, List.of(REST_COLD, REST_COLD_EXEC), Side.OURS, "ms", samples -> {
                    long t0 = System.nanoTime();
                    JsonNode body = ctx.rest().createFromTemplate(cold);
                    double create = Alternation.millisSince(t0);
                    ctx.rest().exec(body.path("id").asText(), List.of("true"));
                    double toCommand = Alternation.millisSince(t0);
                    ctx.rest().deleteAndWait(body.path("id").asText());
                    samples.add(REST_COLD, create);
                    samples.add(REST_COLD_EXEC, toCommand);
                })
                .variant(
                        DOCKER_JAVA, Side.BASELINE, "ms", samples -> ctx.raw().timeCreateAndStart(samples, DOCKER_JAVA))
                .run(1, ctx.settings().poolClaims())
                .measurements();
        List<Measurement[]> pairs = List.of(
                new Measurement[] {find(rows, REST_CLAIM), find(rows, REST_COLD)},
                new Measurement[] {find(rows, SDK_CLAIM), find(rows, REST_COLD)},
                new Measurement[] {find(rows, REST_CLAIM), find(rows, DOCKER_JAVA)});
        return ScenarioResult.withPairs(
                ID + "-claim",
                "Claim from a warm pool against a cold create of the same template",
                rows,
                pairs,
                List.of(
                        "A shared template (the benchmark image, 1 CPU, 512 MiB) with a SandboxWarmPool of " + size
                                + "; before each timed"
                                + " claim the pool is full again, so the claim never waits for a refill. A claim is one guarded update of the"
                                + " Sandbox resource by the gateway, from its watch cache; the operator is not waited for.",
                        "The cold rows name a second template with the same spec and no pool: the same request path, ending in a new container.",
                        "'+ first exec' adds one exec of `true` after the answer: the create-to-first-command time that public"
                                + " cross-provider benchmarks report. Each claimed or created sandbox is deleted (and waited for) before the next."));
    }

    private static ScenarioResult burstAndRefill(BenchContext ctx, KubernetesClient kube, String template)
            throws Exception {
        int n = ctx.settings().poolBurst();
        List<Measurement> rows = new ArrayList<>();
        pool(kube, template, n);
        long fill0 = System.nanoTime();
        awaitReady(kube, template, n, Duration.ofMinutes(10));
        rows.add(Measurement.single(fillRate(n), Side.OURS, "1/s", n / ((System.nanoTime() - fill0) / 1e9)));

        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Future<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(threads.submit(() -> {
                go.await();
                long t = System.nanoTime();
                JsonNode body = ctx.rest().createFromTemplate(template);
                latencies.add(Alternation.millisSince(t));
                claimed.add(body.path("id").asText());
                return body;
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        int warm = 0;
        RuntimeException failure = null;
        for (Future<JsonNode> f : futures) {
            try {
                warm += "warm".equals(f.get().path("start").asText()) ? 1 : 0;
            } catch (ExecutionException e) {
                failure = failure != null
                        ? failure
                        : new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
        double makespan = Alternation.millisSince(t0);
        long refill0 = System.nanoTime();
        try {
            if (failure != null) {
                throw failure;
            }
            rows.add(Measurement.single(burstMakespan(n), Side.OURS, "ms", makespan));
            rows.add(Measurement.of(burstEach(n), Side.OURS, "ms", latencies));
            rows.add(Measurement.single("claims served warm out of " + n, Side.OURS, "count", warm));
            // The claimed sandboxes keep running while the pool refills, as they would for the users who claimed them.
            awaitReady(kube, template, n, Duration.ofMinutes(10));
            rows.add(Measurement.single(refillRate(n), Side.OURS, "1/s", n / ((System.nanoTime() - refill0) / 1e9)));
        } finally {
            List<Callable<Void>> removals = new ArrayList<>();
            for (String id : new ArrayList<>(claimed)) {
                removals.add(() -> {
                    ctx.rest().deleteAndWait(id);
                    return null;
                });
            }
            threads.invokeAll(removals);
            threads.shutdown();
        }
        kube.resources(SandboxWarmPool.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(template)
                .delete();
        waitUntil(
                () -> kube.resources(Sandbox.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withLabel(SandboxWarmPool.POOL_LABEL, template)
                        .list()
                        .getItems()
                        .isEmpty(),
                Duration.ofMinutes(5));
        rows.add(Measurement.single(rawRate(n), Side.BASELINE, "1/s", rawRate(ctx, n)));
        return ScenarioResult.of(
                ID + "-burst",
                "Burst of " + n + " concurrent claims from a pool of " + n + ", and pool refill rate",
                rows,
                List.of(
                        "The pool is filled from empty to " + n + " Running sandboxes (timed: fill rate), then " + n
                                + " claims start"
                                + " together, one thread each (makespan and per-claim latency). The refill is timed from the end of the burst"
                                + " until the pool is full again, with the claimed sandboxes still running.",
                        "The baseline makes " + n
                                + " containers with docker-java at once (one thread each, the operator's HostConfig) and"
                                + " divides by the makespan. The operator reconciles at most 50 sandboxes at a time (JOSDK's default)."));
    }

    /** Containers per second when docker-java creates and starts {@code n} at once. */
    private static double rawRate(BenchContext ctx, int n) throws Exception {
        List<ContainerSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            specs.add(ctx.raw().nextSpec());
        }
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (ContainerSpec spec : specs) {
                futures.add(threads.submit(() -> {
                    go.await();
                    ctx.raw().createAndStart(spec);
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            List<Callable<Void>> removals = specs.stream()
                    .<Callable<Void>>map(spec -> () -> {
                        ctx.raw().remove(spec);
                        return null;
                    })
                    .toList();
            threads.invokeAll(removals);
            threads.shutdown();
        }
    }

    private static void requireWarm(String start, String id) {
        if (!"warm".equals(start)) {
            throw new IllegalStateException("sandbox " + id + " started " + start + " although the pool was full");
        }
    }

    private static void template(KubernetesClient kube, String name, String image) {
        SandboxTemplate template = new SandboxTemplate();
        template.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(DevStack.NAMESPACE)
                .build());
        SandboxTemplateSpec spec = new SandboxTemplateSpec();
        spec.setImage(image);
        template.setSpec(spec);
        kube.resource(template).create();
    }

    private static void pool(KubernetesClient kube, String template, int replicas) {
        SandboxWarmPool pool = new SandboxWarmPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName(template)
                .withNamespace(DevStack.NAMESPACE)
                .build());
        SandboxWarmPoolSpec spec = new SandboxWarmPoolSpec();
        spec.setTemplateRef(template);
        spec.setReplicas(replicas);
        pool.setSpec(spec);
        kube.resource(pool).create();
    }

    private static void awaitReady(KubernetesClient kube, String pool, int ready, Duration timeout) {
        waitUntil(
                () -> {
                    SandboxWarmPool p = kube.resources(SandboxWarmPool.class)
                            .inNamespace(DevStack.NAMESPACE)
                            .withName(pool)
                            .get();
                    return p != null
                            && p.getStatus() != null
                            && p.getStatus().getReadyReplicas() != null
                            && p.getStatus().getReadyReplicas() >= ready;
                },
                timeout);
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static Measurement find(List<Measurement> rows, String variant) {
        return rows.stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow();
    }
}
