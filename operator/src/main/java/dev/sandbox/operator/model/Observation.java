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
    public static final String REASON_BACK_OFF = "BackOff";
    public static final String REASON_CRASH_LOOP = "CrashLoop";
    public static final String REASON_EXPIRED = "Expired";
    public static final String REASON_BUILD_FAILED = "BuildFailed";
    public static final String REASON_NO_GPU = "NoGPUAvailable";
    public static final String REASON_UNSCHEDULABLE = "Unschedulable";
    public static final String REASON_ENGINE_UNAVAILABLE = "EngineUnavailable";
    public static final String REASON_VOLUME_NOT_FOUND = "VolumeNotFound";
    public static final String REASON_VOLUME_FAILED = "VolumeFailed";
    /** A published port is taken on the node; the sandbox waits (Pending) and starts once it is free. */
    public static final String REASON_PORT_IN_USE = "PortInUse";

    public static final String REASON_PAUSED = "Paused";
    public static final String REASON_SNAPSHOT_PENDING = "SnapshotPending";
    public static final String REASON_SNAPSHOT_NOT_FOUND = "SnapshotNotFound";
    public static final String REASON_SNAPSHOT_FAILED = "SnapshotFailed";

    /** Failures that stay until the spec changes or a restart is asked for: retrying alone cannot fix them. */
    public static final java.util.Set<String> PERMANENT = java.util.Set.of(
            REASON_CONTAINER_REMOVED,
            REASON_IMAGE_NOT_FOUND,
            REASON_BUILD_FAILED,
            REASON_NO_GPU,
            REASON_START_FAILED,
            REASON_VOLUME_FAILED);

    /** A copy saying the same about the container with another phase, reason and message. */
    public Observation with(SandboxPhase newPhase, String newReason, String newMessage) {
        return new Observation(newPhase, newReason, newMessage, container);
    }

    /** What a container's Docker state means for a sandbox that the user wants in {@code wantRunning} state. */
    public static Observation of(ContainerState c, boolean wantRunning, long memoryLimitBytes) {
        if (c.running()) {
            return new Observation(SandboxPhase.Running, REASON_STARTED, "container is running", c);
        }
        if (c.paused()) {
            return new Observation(
                    SandboxPhase.Paused,
                    REASON_PAUSED,
                    "paused on request: every process is frozen with its memory kept and uses no CPU",
                    c);
        }
        if (!c.exited()) {
            if (c.error() != null) {
                return new Observation(
                        SandboxPhase.Failed, REASON_START_FAILED, "container could not start: " + c.error(), c);
            }
            return new Observation(
                    wantRunning ? SandboxPhase.Creating : SandboxPhase.Stopped,
                    wantRunning ? REASON_CREATING : REASON_STOPPED,
                    wantRunning ? "container created, starting" : "stopped on request",
                    c);
        }
        if (!wantRunning) {
            return new Observation(SandboxPhase.Stopped, REASON_STOPPED, "stopped on request", c);
        }
        if (c.oomKilled()) {
            return new Observation(
                    SandboxPhase.Failed,
                    REASON_OOM_KILLED,
                    "killed for exceeding its memory limit of " + (memoryLimitBytes / (1024 * 1024))
                            + " MiB (exit code " + c.exitCode() + ")",
                    c);
        }
        if (c.exitCode() != null && c.exitCode() == 0) {
            return new Observation(SandboxPhase.Stopped, REASON_COMPLETED, "command exited with code 0", c);
        }
        return new Observation(
                SandboxPhase.Failed,
                REASON_ERROR,
                "command exited with code " + c.exitCode() + (c.error() == null ? "" : ": " + c.error()),
                c);
    }
}
