package dev.sandbox.operator.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.client.ResourceUse;
import dev.sandbox.crd.SandboxUsage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageStatusPolicyTest {
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final long LIMIT = 1000;

    static UsageSample sample(Instant at, double cpu, long memory) {
        return new UsageSample("uid", "ns", "name", at, new ResourceUse(cpu, memory, LIMIT, 2, 0, 0, 0, 0));
    }

    @Test
    void aFirstSampleIsWrittenAtOnce() {
        assertThat(UsageStatusPolicy.due(null, sample(T0, 1, 100), MINUTE)).isTrue();
        assertThat(UsageStatusPolicy.next(null, sample(T0, 1, 100), true, MINUTE))
                .isEqualTo(sample(T0, 1, 100).toStatus());
    }

    @Test
    void smallChangesWaitForTheInterval() {
        SandboxUsage written = sample(T0, 10, 100).toStatus();
        UsageSample soon = sample(T0.plusSeconds(15), 20, 150);
        assertThat(UsageStatusPolicy.due(written, soon, MINUTE)).isFalse();
        assertThat(UsageStatusPolicy.next(written, soon, true, MINUTE)).isSameAs(written);
        assertThat(UsageStatusPolicy.due(written, sample(T0.plusSeconds(60), 20, 150), MINUTE))
                .isTrue();
    }

    @Test
    void largeJumpsAreWrittenBeforeTheInterval() {
        SandboxUsage written = sample(T0, 10, 100).toStatus();
        assertThat(UsageStatusPolicy.due(written, sample(T0.plusSeconds(15), 90, 100), MINUTE))
                .isTrue();
        assertThat(UsageStatusPolicy.due(written, sample(T0.plusSeconds(15), 10, 400), MINUTE))
                .isTrue();
    }

    @Test
    void olderOrSameSamplesNeverReplaceTheWrittenOne() {
        SandboxUsage written = sample(T0, 10, 100).toStatus();
        assertThat(UsageStatusPolicy.due(written, sample(T0, 90, 900), MINUTE)).isFalse();
        assertThat(UsageStatusPolicy.due(written, sample(T0.minusSeconds(120), 90, 900), MINUTE))
                .isFalse();
        assertThat(UsageStatusPolicy.due(written, null, MINUTE)).isFalse();
    }

    @Test
    void onlyRunningSandboxesCarryUsage() {
        SandboxUsage written = sample(T0, 10, 100).toStatus();
        assertThat(UsageStatusPolicy.next(written, sample(T0.plusSeconds(120), 1, 1), false, MINUTE))
                .isNull();
        assertThat(UsageStatusPolicy.next(written, null, true, MINUTE)).isSameAs(written);
    }
}
