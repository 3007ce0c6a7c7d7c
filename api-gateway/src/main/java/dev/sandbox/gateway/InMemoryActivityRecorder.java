package dev.sandbox.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ActivityRecorder} in this process's memory: enough for one gateway; lost when it restarts. */
public final class InMemoryActivityRecorder implements ActivityRecorder {
  private final ConcurrentHashMap<String, Instant> last = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryActivityRecorder() {
    this(Clock.systemUTC());
  }

  InMemoryActivityRecorder(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void record(String sandboxId, String kind) {
    Instant now = clock.instant();
    last.merge(sandboxId, now, (before, later) -> later.isAfter(before) ? later : before);
  }

  @Override
  public Optional<Instant> lastActivity(String sandboxId) {
    return Optional.ofNullable(last.get(sandboxId));
  }
}
