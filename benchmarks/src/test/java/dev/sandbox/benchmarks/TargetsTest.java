package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {
    private static ScenarioResult create(double rest, double raw) {
        return ScenarioResult.of(
                CreateScenario.ID,
                "create",
                List.of(
                        Measurement.of(CreateScenario.REST, Side.OURS, "ms", List.of(rest)),
                        Measurement.notAvailable(CreateScenario.SDK, Side.OURS, "ms", "not here"),
                        Measurement.of(CreateScenario.DOCKER_JAVA, Side.BASELINE, "ms", List.of(raw))),
                List.of());
    }

    @Test
    void ratiosAreOursOverBaselineAndComparedWithTheirLimits() {
        List<Target> targets = Targets.evaluate(List.of(create(230, 200)));
        Target rest = targets.get(0);
        assertThat(rest.measured()).isEqualTo(1.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rest.verdict()).isEqualTo(Verdict.PASS);
        assertThat(Targets.evaluate(List.of(create(300, 200))).get(0).verdict()).isEqualTo(Verdict.MISS);
    }

    @Test
    void whatWasNotMeasuredIsSaidSo() {
        List<Target> targets = Targets.evaluate(List.of(create(230, 200)));
        assertThat(targets).hasSize(12);
        assertThat(targets.get(1).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(targets.subList(2, 12)).allMatch(t -> t.verdict() == Verdict.NOT_MEASURED && t.measured() == null);
    }

    @Test
    void memoryAndReReconcileAreReadAtTwoHundredSandboxes() {
        ScenarioResult scale = ScenarioResult.of(
                ScaleScenario.ID,
                "scale",
                List.of(
                        Measurement.single(ScaleScenario.rss(200), Side.OURS, "MB", 650),
                        Measurement.single(ScaleScenario.reReconcile(200), Side.OURS, "s", 4.2)),
                List.of());
        List<Target> targets = Targets.evaluate(List.of(scale));
        assertThat(targets.get(6).verdict()).isEqualTo(Verdict.MISS);
        assertThat(targets.get(6).measured()).isEqualTo(650);
        assertThat(targets.get(7).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void pairedScenariosCompareOnlyTheirPairs() {
        Measurement oursMakespan = Measurement.single(BurstScenario.restMakespan(50), Side.OURS, "ms", 1300);
        Measurement rawMakespan = Measurement.single(BurstScenario.rawMakespan(50), Side.BASELINE, "ms", 1000);
        Measurement oursEach = Measurement.of("each ours", Side.OURS, "ms", List.of(10.0));
        Measurement rawEach = Measurement.of("each raw", Side.BASELINE, "ms", List.of(5.0));
        ScenarioResult burst = ScenarioResult.withPairs(
                BurstScenario.ID + "-50",
                "burst",
                List.of(oursMakespan, oursEach, rawMakespan, rawEach),
                List.of(new Measurement[] {oursMakespan, rawMakespan}, new Measurement[] {oursEach, rawEach}),
                List.of());
        assertThat(burst.comparisons()).hasSize(2);
        assertThat(burst.ratioP50("each ours", "each raw")).contains(2.0);
        assertThat(Targets.evaluate(List.of(burst)).get(4).measured())
                .isEqualTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
    }
}
