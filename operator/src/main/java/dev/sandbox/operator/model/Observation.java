package dev.sandbox.operator.model;

import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.runtime.ContainerState;

/**
 * The outcome of one reconcile: the phase the sandbox is in, why, and the container as last seen (null when none).
 */
public record Observation(SandboxPhase phase, String reason, String message, ContainerState container) {

  public static final String REASON_STARTED = "Started";
  public static final String REASON_CREATING = "Creating";
  public static final String REASON_COMPLETED = "Completed";
  public static final String REASON_ERROR = "Error";
  public static final String REASON_OOM_KILLED = "OOMKilled";
  public static final String REASON_STOPPED = "Stopped";
  public static final String REASON_CONTAINER_REMOVED = "ContainerRemoved";
  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_IMAGE_NOT_FOUND = "ImageNotFound";
  public static final String REASON_START_FAILED = "StartFailed";
  public static final String REASON_UNSCHEDULED = "Unscheduled";
  public static final String REASON_DELETING = "Deleting";

  /** What a container's Docker state means for a sandbox that the user wants in {@code wantRunning} state. */
  public static Observation of(ContainerState c, boolean wantRunning, long memoryLimitBytes) {
    if (c.running()) {
      return new Observation(SandboxPhase.Running, REASON_STARTED, "container is running", c);
    }
    if (!c.exited()) {
      if (c.error() != null) {
        return new Observation(SandboxPhase.Failed, REASON_START_FAILED, "container could not start: " + c.error(), c);
      }
      return new Observation(wantRunning ? SandboxPhase.Creating : SandboxPhase.Stopped,
          wantRunning ? REASON_CREATING : REASON_STOPPED, wantRunning ? "container created, starting" : "stopped on request", c);
    }
    if (!wantRunning) {
      return new Observation(SandboxPhase.Stopped, REASON_STOPPED, "stopped on request", c);
    }
    if (c.oomKilled()) {
      return new Observation(SandboxPhase.Failed, REASON_OOM_KILLED,
          "killed for exceeding its memory limit of " + (memoryLimitBytes / (1024 * 1024)) + " MiB (exit code " + c.exitCode() + ")", c);
    }
    if (c.exitCode() != null && c.exitCode() == 0) {
      return new Observation(SandboxPhase.Stopped, REASON_COMPLETED, "command exited with code 0", c);
    }
    return new Observation(SandboxPhase.Failed, REASON_ERROR, "command exited with code " + c.exitCode()
        + (c.error() == null ? "" : ": " + c.error()), c);
  }
}
