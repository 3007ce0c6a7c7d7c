package dev.sandbox.gateway;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers when each sandbox was last used through the API, for idle cleanup. Every call on a sandbox records one.
 */
public interface ActivityRecorder {

  /** Notes that {@code sandboxId} was used just now by a call of {@code kind} (e.g. {@code exec}, {@code files}). */
  void record(String sandboxId, String kind);

  /** When the sandbox was last used, if ever since this recorder started. */
  Optional<Instant> lastActivity(String sandboxId);
}
