package dev.sandbox.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The targets, checked against a run's results. Pure. */
final class Targets {
    static final double CREATE_RATIO = 1.15;
    static final double EXEC_RATIO = 1.10;
    static final double BURST_RATIO = 1.30;
    static final double RSS_MB = 600;
    static final double RE_RECONCILE_SECONDS = 10;
    static final int SCALE = 200;
    static final List<Integer> BURSTS = List.of(50, 100);
    static final double CLAIM_P50_MS = 25;
    static final double CLAIM_P99_MS = 100;

    private Targets() {}

    static List<Target> evaluate(List<ScenarioResult> scenarios) {
        List<Target> targets = new ArrayList<>();
        for (String ours : List.of(CreateScenario.REST, CreateScenario.SDK)) {
            targets.add(Target.check(
                    "create p50: " + ours + " / " + CreateScenario.DOCKER_JAVA,
                    CREATE_RATIO,
                    "x",
                    ratio(scenarios, CreateScenario.ID, ours, CreateScenario.DOCKER_JAVA)));
        }
        for (String ours : List.of(ExecScenario.REST, ExecScenario.SDK)) {
            targets.add(Target.check(
                    "exec p50: " + ours + " / " + ExecScenario.DOCKER_JAVA,
                    EXEC_RATIO,
                    "x",
                    ratio(scenarios, ExecScenario.ID, ours, ExecScenario.DOCKER_JAVA)));
        }
        for (int n : BURSTS) {
            targets.add(Target.check(
                    "burst of " + n + ", makespan p50: REST / docker-java",
                    BURST_RATIO,
                    "x",
                    ratio(
                            scenarios,
                            BurstScenario.ID + "-" + n,
                            BurstScenario.restMakespan(n),
                            BurstScenario.rawMakespan(n))));
        }
        targets.add(Target.check(
                "control-plane RSS with " + SCALE + " running sandboxes",
                RSS_MB,
                "MB",
                value(scenarios, ScaleScenario.ID, ScaleScenario.rss(SCALE))));
        targets.add(Target.check(
                "re-reconcile of " + SCALE + " sandboxes after an operator restart",
                RE_RECONCILE_SECONDS,
                "s",
                value(scenarios, ScaleScenario.ID, ScaleScenario.reReconcile(SCALE))));
        for (String ours : List.of(PoolScenario.REST_CLAIM, PoolScenario.SDK_CLAIM)) {
            targets.add(Target.check(
                    "claim from a warm pool p50: " + ours,
                    CLAIM_P50_MS,
                    "ms",
                    value(scenarios, PoolScenario.ID + "-claim", ours)));
            targets.add(Target.check(
                    "claim from a warm pool p99: " + ours,
                    CLAIM_P99_MS,
                    "ms",
                    p99(scenarios, PoolScenario.ID + "-claim", ours)));
        }
        return targets;
    }

    private static Double ratio(List<ScenarioResult> scenarios, String id, String ours, String baseline) {
        return scenario(scenarios, id).flatMap(s -> s.ratioP50(ours, baseline)).orElse(null);
    }

    private static Double value(List<ScenarioResult> scenarios, String id, String variant) {
        return scenario(scenarios, id)
                .flatMap(s -> s.measurement(variant))
                .filter(Measurement::measured)
                .map(m -> m.stats().p50())
                .orElse(null);
    }

    private static Double p99(List<ScenarioResult> scenarios, String id, String variant) {
        return scenario(scenarios, id)
                .flatMap(s -> s.measurement(variant))
                .filter(Measurement::measured)
                .map(m -> m.stats().p99())
                .orElse(null);
    }

    private static Optional<ScenarioResult> scenario(List<ScenarioResult> scenarios, String id) {
        return scenarios.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
