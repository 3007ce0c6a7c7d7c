package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alternation runs every variant each round, counts only the rounds after the warm-up and times work into rows. */
class AlternationTest {
    @Test
    void timedVariantsCountOneSampleARoundAfterTheWarmUp() {
        List<String> order = new ArrayList<>();
        List<Measurement> rows = new Alternation("test")
                .timed("a", Side.OURS, () -> order.add("a"))
                .timed("b", Side.BASELINE, () -> order.add("b"))
                .run(1, 3)
                .measurements();
        assertThat(order).hasSize(8).containsExactly("a", "b", "b", "a", "a", "b", "b", "a");
        assertThat(rows).extracting(Measurement::variant).containsExactly("a", "b");
        assertThat(rows).allSatisfy(m -> assertThat(m.measured()).isTrue());
        assertThat(rows).allSatisfy(m -> assertThat(m.stats().n()).isEqualTo(3));
    }

    @Test
    void timeAddsTheRowAndReturnsTheResult() throws Exception {
        List<String> added = new ArrayList<>();
        Alternation.Samples samples = (row, value) -> {
            assertThat(value).isNotNegative();
            added.add(row);
        };
        assertThat(samples.time("read", () -> "content")).isEqualTo("content");
        samples.time("write", () -> {});
        assertThat(added).containsExactly("read", "write");
    }

    @Test
    void aFailingVariantIsReportedWithItsErrorAndTheOthersGoOn() {
        List<Measurement> rows = new Alternation("test")
                .variant(
                        "broken",
                        Side.OURS,
                        "ms",
                        samples -> samples.time("broken", () -> {
                            throw new IllegalStateException("no engine");
                        }))
                .timed("fine", Side.BASELINE, () -> {})
                .run(0, 2)
                .measurements();
        assertThat(rows.get(0).status()).isEqualTo("failed: no engine");
        assertThat(rows.get(1).measured()).isTrue();
    }
}
