package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sandbox.client.ResourceUse;
import dev.sandbox.client.SandboxStats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerStatsTest {

    static ContainerStats stats(
            long cpu, long preCpu, long system, long preSystem, int cpus, long usage, long reclaimable) {
        return new ContainerStats(
                Instant.EPOCH, cpu, preCpu, system, preSystem, cpus, usage, reclaimable, 1 << 30, 3, 1, 2, 3, 4);
    }

    @Test
    void cpuPercentIsTheShareOfHostCpuTimeTimesCpusAsDockerComputesIt() {
        // 0.5 s of container CPU time while the host's 2 CPUs spent 2 s (1 s of wall time): half a core, 50 %.
        assertThat(stats(1_500_000_000L, 1_000_000_000L, 12_000_000_000L, 10_000_000_000L, 2, 0, 0)
                        .cpuPercent())
                .isCloseTo(50.0, within(1e-9));
        // Both cores fully busy.
        assertThat(stats(3_000_000_000L, 1_000_000_000L, 12_000_000_000L, 10_000_000_000L, 2, 0, 0)
                        .cpuPercent())
                .isCloseTo(200.0, within(1e-9));
    }

    @Test
    void cpuPercentIsZeroWithoutAPreviousReading() {
        assertThat(stats(5, 0, 100, 0, 2, 0, 0).cpuPercent()).isZero();
        assertThat(stats(5, 5, 100, 50, 2, 0, 0).cpuPercent()).isZero();
        assertThat(stats(5, 1, 100, 100, 2, 0, 0).cpuPercent()).isZero();
    }

    @Test
    void memoryInUseLeavesOutReclaimablePageCache() {
        assertThat(stats(0, 0, 0, 0, 1, 100_000, 30_000).memoryUsedBytes()).isEqualTo(70_000);
        assertThat(stats(0, 0, 0, 0, 1, 100_000, 0).memoryUsedBytes()).isEqualTo(100_000);
        // A cache figure larger than the usage is not trusted.
        assertThat(stats(0, 0, 0, 0, 1, 100_000, 200_000).memoryUsedBytes()).isEqualTo(100_000);
    }

    @Test
    void aOneShotReadingTakesItsCpuUseFromTheReadingBeforeIt() {
        ContainerStats earlier = stats(1_000_000_000L, 0, 10_000_000_000L, 0, 2, 0, 0);
        ContainerStats now = stats(1_500_000_000L, 0, 12_000_000_000L, 0, 2, 0, 0);
        assertThat(now.cpuPercent()).isZero();
        assertThat(now.use(earlier).cpuPercent()).isEqualTo(50.0);
        // No earlier reading, or one that is not older: Docker's own window (none here, so 0).
        assertThat(now.use(null)).isEqualTo(now.use());
        assertThat(now.use().cpuPercent()).isZero();
        assertThat(earlier.use(now)).isEqualTo(earlier.use());
    }

    @Test
    void theNumbersShownAreRoundedAndLeaveOutPageCache() {
        // Docker's own window: one third of one core, shown as 33.33.
        ResourceUse use =
                stats(1_000_000_001L, 0, 3_000_000_000L, 1, 1, 100_000, 30_000).use();
        assertThat(use).isEqualTo(new ResourceUse(33.33, 70_000, 1 << 30, 3, 1, 2, 3, 4));
        assertThat(stats(0, 0, 0, 0, 1, 100_000, 30_000).toSandboxStats(null))
                .isEqualTo(new SandboxStats(Instant.EPOCH, new ResourceUse(0, 70_000, 1 << 30, 3, 1, 2, 3, 4)));
    }
}
