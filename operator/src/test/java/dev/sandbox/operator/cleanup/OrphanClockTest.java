package dev.sandbox.operator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The grace clock both orphan sweeps keep: first sight, the grace period, and forgetting what a pass did not see. */
class OrphanClockTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(5);

    @Test
    void anObjectIsDueOnlyOnceItHasStayedOrphanedForTheGracePeriod() {
        OrphanClock clock = new OrphanClock();
        assertThat(clock.since("container/a")).isEmpty();
        assertThat(clock.seen("container/a", T0)).isEqualTo(T0);
        clock.endPass();
        Instant later = T0.plus(GRACE).minusSeconds(1);
        assertThat(clock.seen("container/a", later))
                .as("the first sighting counts")
                .isEqualTo(T0);
        assertThat(OrphanClock.due(T0, later, GRACE)).isFalse();
        assertThat(OrphanClock.due(T0, T0.plus(GRACE), GRACE)).isTrue();
        assertThat(clock.since("container/a")).contains(T0);
    }

    @Test
    void aPassForgetsWhatItDidNotSeeAndForgetStopsAClock() {
        OrphanClock clock = new OrphanClock();
        clock.seen("volume/a", T0);
        clock.seen("volume/b", T0);
        clock.endPass();
        clock.seen("volume/a", T0.plusSeconds(60));
        clock.endPass();
        assertThat(clock.since("volume/a")).contains(T0);
        assertThat(clock.since("volume/b"))
                .as("gone or owned again: its clock starts over")
                .isEmpty();

        clock.forget("volume/a");
        assertThat(clock.since("volume/a")).isEmpty();
        assertThat(clock.seen("volume/a", T0.plusSeconds(120))).isEqualTo(T0.plusSeconds(120));
    }
}
