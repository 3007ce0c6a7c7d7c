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
        targets.addAll(ratios(
                scenarios,
                "create",
                CreateScenario.ID,
                List.of(CreateScenario.REST, CreateScenario.SDK),
                CreateScenario.DOCKER_JAVA,
                CREATE_RATIO));
        targets.addAll(ratios(
                scenarios,
                "exec",
                ExecScenario.ID,
                List.of(ExecScenario.REST, ExecScenario.SDK),
                ExecScenario.DOCKER_JAVA,
                EXEC_RATIO));
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

    /** One target per row of ours: its p50 over the baseline's p50 in the same scenario, at most {@code bound}. */
    private static List<Target> ratios(
            List<ScenarioResult> scenarios, String what, String id, List<String> ours, String baseline, double bound) {
        return ours.stream()
                .map(row -> Target.check(
                        what + " p50: " + row + " / " + baseline, bound, "x", ratio(scenarios, id, row, baseline)))
                .toList();
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
