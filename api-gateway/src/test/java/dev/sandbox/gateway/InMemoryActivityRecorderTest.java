package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryActivityRecorderTest {
  @Test
  void remembersTheLatestCallPerSandbox() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    InMemoryActivityRecorder recorder = new InMemoryActivityRecorder(clock);
    assertThat(recorder.lastActivity("a")).isEmpty();
    recorder.record("a", "exec");
    now.set(now.get().plusSeconds(30));
    recorder.record("a", "files");
    recorder.record("b", "logs");
    assertThat(recorder.lastActivity("a")).contains(Instant.parse("2026-01-01T00:00:30Z"));
    assertThat(recorder.lastActivity("b")).contains(Instant.parse("2026-01-01T00:00:30Z"));
  }
}
