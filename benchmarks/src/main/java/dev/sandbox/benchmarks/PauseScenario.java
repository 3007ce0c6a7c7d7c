package dev.sandbox.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pause and resume: REST and SDK against docker-java's pause/unpause and {@code docker pause/unpause}, plus what pausing
 * keeps (the sandbox's memory before, during and after) and what it costs (CPU time used while paused).
 */
final class PauseScenario {
    static final String ID = "pause";
    static final String REST_PAUSE = "REST POST /v1/sandboxes/{id}/pause?wait=true";
    static final String REST_RESUME = "REST POST /v1/sandboxes/{id}/resume?wait=true";
    static final String SDK_PAUSE = "SDK pauseSandbox";
    static final String SDK_RESUME = "SDK resumeSandbox";
    static final String RAW_PAUSE = "docker-java pause";
    static final String RAW_UNPAUSE = "docker-java unpause";
    static final String CLI_PAUSE = "docker pause";
    static final String CLI_UNPAUSE = "docker unpause";
    static final String RSS_BEFORE = "memory of the sandbox before pausing (cgroup, without page cache)";
    static final String RSS_PAUSED = "memory of the sandbox while paused";
    static final String RSS_AFTER = "memory of the sandbox after resuming";
    static final String CPU_PAUSED = "CPU time used during 2 s paused";
    /** Holds 50 MB in the shell's memory and then counts, so there is memory to keep and CPU that would be used. */
    static final String WORKLOAD = "x=$(head -c 50000000 /dev/zero | tr '\\0' a); while true; do i=$((i+1)); done";

    private PauseScenario() {}

    static ScenarioResult run(BenchContext ctx) throws Exception {
        BenchmarkSettings s = ctx.settings();
        JsonNode created = ctx.rest()
                .post(
                        "/v1/sandboxes?wait=true&waitTimeoutSeconds=170",
                        Map.of(
                                "image",
                                s.image(),
                                "command",
                                WORKLOAD,
                                "resources",
                                Map.of("cpu", 0.5, "memory", "256m")),
                        201);
        String id = created.path("id").asText();
        String containerId = created.path("containerId").asText();
        ContainerSpec raw = ctx.raw().nextSpec();
        String rawId = ctx.raw().createAndStart(raw);
        try {
            awaitMemory(ctx, containerId, 45_000_000L);
            List<Measurement> rows = new ArrayList<>(new Alternation(ID)
                    .variant("REST", List.of(REST_PAUSE, REST_RESUME), Side.OURS, "ms", samples -> {
                        JsonNode paused = samples.time(
                                REST_PAUSE,
                                () -> ctx.rest().post("/v1/sandboxes/" + id + "/pause?wait=true", null, 200));
                        expectPhase(paused, "Paused");
                        JsonNode resumed = samples.time(
                                REST_RESUME,
                                () -> ctx.rest().post("/v1/sandboxes/" + id + "/resume?wait=true", null, 200));
                        expectPhase(resumed, "Running");
                    })
                    .variant("SDK", List.of(SDK_PAUSE, SDK_RESUME), Side.OURS, "ms", samples -> {
                        if (!samples.time(SDK_PAUSE, () -> ctx.sdk().pauseSandbox(id))
                                .paused()) {
                            throw new IllegalStateException("SDK pauseSandbox did not leave the sandbox Paused");
                        }
                        if (!samples.time(SDK_RESUME, () -> ctx.sdk().resumeSandbox(id))
                                .running()) {
                            throw new IllegalStateException("SDK resumeSandbox did not leave the sandbox Running");
                        }
                    })
                    .variant("docker-java", List.of(RAW_PAUSE, RAW_UNPAUSE), Side.BASELINE, "ms", samples -> {
                        samples.time(RAW_PAUSE, () -> ctx.stack().runtime().pause(rawId));
                        samples.time(RAW_UNPAUSE, () -> ctx.stack().runtime().unpause(rawId));
                    })
                    .variant("docker CLI", List.of(CLI_PAUSE, CLI_UNPAUSE), Side.BASELINE, "ms", samples -> {
                        samples.time(CLI_PAUSE, () -> DockerCli.run(List.of("docker", "pause", rawId)));
                        samples.time(CLI_UNPAUSE, () -> DockerCli.run(List.of("docker", "unpause", rawId)));
                    })
                    .run(s.execWarmup(), Math.max(1, Math.min(s.execIterations(), 30)))
                    .measurements());

            // What pausing keeps and costs, on the same sandbox.
            double before = memoryMb(ctx, containerId);
            ctx.rest().post("/v1/sandboxes/" + id + "/pause?wait=true", null, 200);
            long cpu0 = stats(ctx, containerId).cpuTotalNanos();
            Thread.sleep(2000);
            long cpu1 = stats(ctx, containerId).cpuTotalNanos();
            double paused = memoryMb(ctx, containerId);
            ctx.rest().post("/v1/sandboxes/" + id + "/resume?wait=true", null, 200);
            double after = memoryMb(ctx, containerId);
            rows.add(Measurement.single(RSS_BEFORE, Side.OURS, "MB", before));
            rows.add(Measurement.single(RSS_PAUSED, Side.OURS, "MB", paused));
            rows.add(Measurement.single(RSS_AFTER, Side.OURS, "MB", after));
            rows.add(Measurement.single(CPU_PAUSED, Side.OURS, "ms", (cpu1 - cpu0) / 1e6));

            List<Measurement[]> pairs = new ArrayList<>();
            for (String[] pair : new String[][] {
                {REST_PAUSE, RAW_PAUSE},
                {REST_PAUSE, CLI_PAUSE},
                {SDK_PAUSE, RAW_PAUSE},
                {REST_RESUME, RAW_UNPAUSE},
                {REST_RESUME, CLI_UNPAUSE},
                {SDK_RESUME, RAW_UNPAUSE}
            }) {
                pairs.add(new Measurement[] {row(rows, pair[0]), row(rows, pair[1])});
            }
            return ScenarioResult.withPairs(
                    ID,
                    "Pause and resume of a running sandbox (50 MB held in memory, one core's worth of a busy loop at 0.5 CPU)",
                    rows,
                    pairs,
                    List.of(
                            "Ours go through the Sandbox resource (spec.desiredState) and wait until the operator has frozen or thawed the"
                                    + " container and written the status; the baselines pause another container of the same image directly.",
                            "Memory is read from the container's cgroup (usage minus reclaimable page cache) before pausing, after 2 s"
                                    + " paused and right after resuming; CPU time is the cgroup's cpuacct counter over the 2 s paused."));
        } finally {
            ctx.rest().deleteAndWait(id);
            ctx.raw().remove(raw);
        }
    }

    private static Measurement row(List<Measurement> rows, String variant) {
        return rows.stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow();
    }

    private static void expectPhase(JsonNode sandbox, String phase) {
        if (!phase.equals(sandbox.path("phase").asText())) {
            throw new IllegalStateException("sandbox " + sandbox.path("id").asText() + " is "
                    + sandbox.path("phase").asText() + ", expected " + phase);
        }
    }

    private static ContainerStats stats(BenchContext ctx, String containerId) {
        return ctx.stack()
                .runtime()
                .statsNow(containerId)
                .orElseThrow(() -> new IllegalStateException("no stats of " + containerId));
    }

    private static double memoryMb(BenchContext ctx, String containerId) {
        ContainerStats st = stats(ctx, containerId);
        return (st.memoryUsageBytes() - st.memoryReclaimableBytes()) / 1e6;
    }

    private static void awaitMemory(BenchContext ctx, String containerId, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (memoryMb(ctx, containerId) * 1e6 < bytes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sandbox did not fill " + bytes + " bytes of memory within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
