package dev.sandbox.operator.model;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.runtime.ContainerState;
import java.util.EnumSet;
import java.util.Set;

/**
 * Chooses what a reconcile of a sandbox does next. Pure: the same facts give the same action, with no engine, API
 * server or clock involved, so every case is a row in a table test. The order of the questions is the order of
 * precedence: a spec that cannot run beats everything, a lifetime that ended beats a container that crashed, and so on.
 */
public final class SandboxDecision {
    /** Actions that start the container; one of them per reconcile at most. */
    private static final Set<SandboxAction> STARTS =
            EnumSet.of(SandboxAction.RESTART, SandboxAction.START, SandboxAction.START_AGAIN, SandboxAction.RETRY);

    private SandboxDecision() {}

    public static SandboxAction decide(SandboxFacts f) {
        if (f.invalid() != null) {
            return SandboxAction.FAIL_INVALID;
        }
        if (f.expired() && f.deleteWhenExpired()) {
            return SandboxAction.DELETE_EXPIRED;
        }
        if (!f.looked()) {
            return SandboxAction.LOOK;
        }
        ContainerState c = f.container();
        // What the status recorded is only a verdict before this reconcile changed anything.
        boolean untouched = f.done().isEmpty();
        boolean sameRequest = !f.specChanged() && !f.restartPending();
        if (untouched
                && sameRequest
                && f.recordedPhase() == SandboxPhase.Failed
                && Observation.PERMANENT.contains(f.recordedReason())) {
            return SandboxAction.KEEP_FAILED;
        }
        if (untouched && sameRequest && c == null && f.containerRecorded() && settled(f.recordedPhase())) {
            // Made and recorded for this very spec, and gone: someone removed it behind the operator's back.
            return SandboxAction.FAIL_REMOVED;
        }
        if (c != null && (f.forceBuild() || f.specHashDiffers())) {
            return SandboxAction.RECREATE;
        }
        if (c != null && !f.limitsApplied()) {
            return SandboxAction.UPDATE_LIMITS;
        }
        if (!f.wantRunning()) {
            boolean live = c != null && (c.running() || c.paused());
            return live && !f.done().contains(SandboxAction.STOP) ? SandboxAction.STOP : SandboxAction.REPORT_STOPPED;
        }
        if (!f.done().contains(SandboxAction.ENSURE_NETWORK)) {
            // Before any container starts, and again on every pass: lost rules are made again.
            return SandboxAction.ENSURE_NETWORK;
        }
        if (c == null) {
            return SandboxAction.CREATE;
        }
        boolean started = f.done().stream().anyMatch(STARTS::contains);
        if (!started
                && !c.running()
                && !f.done().contains(SandboxAction.CREATE)
                && !f.done().contains(SandboxAction.MOUNT_VOLUMES)) {
            return SandboxAction.MOUNT_VOLUMES;
        }
        if (!started) {
            if (f.restartPending()) {
                return SandboxAction.RESTART;
            }
            if ("created".equals(c.status())) {
                // Created but never started (first run, or a crash between create and start).
                return SandboxAction.START;
            }
            if (c.exited() && (stoppedBefore(f) || f.endedInEngineOutage())) {
                return SandboxAction.START_AGAIN;
            }
        }
        if (c.exited() && (c.oomKilled() || !Integer.valueOf(0).equals(c.exitCode()))) {
            if (f.retryCount() >= f.maxRetries()) {
                return SandboxAction.GIVE_UP;
            }
            return f.nextRetryAt() == null || f.now().isBefore(f.nextRetryAt())
                    ? SandboxAction.BACK_OFF
                    : SandboxAction.RETRY;
        }
        if (f.desired() == DesiredState.Paused && c.running() && !f.done().contains(SandboxAction.PAUSE)) {
            return SandboxAction.PAUSE;
        }
        if (f.desired() == DesiredState.Running && c.paused() && !f.done().contains(SandboxAction.RESUME)) {
            return SandboxAction.RESUME;
        }
        return SandboxAction.REPORT;
    }

    /** Phases in which the status names a container that exists. */
    private static boolean settled(SandboxPhase phase) {
        return phase == SandboxPhase.Running || phase == SandboxPhase.Paused || phase == SandboxPhase.Stopped;
    }

    /**
     * Stopped on request before (or when its lifetime ended, or the engine went away): wanted running now, the same
     * container starts again with the same workspace, and an engine restart is not the sandbox's failure.
     */
    private static boolean stoppedBefore(SandboxFacts f) {
        return (f.recordedPhase() == SandboxPhase.Stopped
                        && (Observation.REASON_STOPPED.equals(f.recordedReason())
                                || Observation.REASON_EXPIRED.equals(f.recordedReason())))
                || Observation.REASON_ENGINE_UNAVAILABLE.equals(f.recordedReason());
    }
}
