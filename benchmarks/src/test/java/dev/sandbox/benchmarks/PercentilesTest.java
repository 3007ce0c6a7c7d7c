package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRankOnAHundredSamples() {
        List<Double> samples = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            samples.add((double) i);
        }
        Collections.shuffle(samples);
        Percentiles p = Percentiles.of(samples);
        assertThat(p.n()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p95()).isEqualTo(95);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.min()).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void fewSamplesGiveTheLargestForHighPercentiles() {
        Percentiles p = Percentiles.of(List.of(3.0, 1.0, 2.0));
        assertThat(p.p50()).isEqualTo(2);
        assertThat(p.p95()).isEqualTo(3);
        assertThat(p.p99()).isEqualTo(3);
    }

    @Test
    void aSingleReadingIsEveryStatistic() {
        assertThat(Percentiles.single(7.5)).isEqualTo(new Percentiles(1, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5));
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> Percentiles.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
