package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    @Test
    void readsTheTimestampsKubernetesAndTheOperatorWrite() {
        assertThat(WireTime.of("2026-11-30T12:00:00Z")).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(WireTime.of("2026-11-30T12:00:00.123456Z")).isEqualTo(Instant.parse("2026-11-30T12:00:00.123456Z"));
        assertThat(WireTime.of("2026-11-30T13:00:00+01:00")).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(WireTime.of(null)).isNull();
    }

    @Test
    void aValueEditedByHandThatIsNoTimestampIsLeftOut() {
        assertThat(WireTime.of("yesterday")).isNull();
        assertThat(WireTime.of("")).isNull();
    }
}
