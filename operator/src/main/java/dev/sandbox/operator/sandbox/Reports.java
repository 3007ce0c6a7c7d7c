package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.operator.model.Observation;

/**
 * The steps that end a reconcile by reporting what is, without changing the container: each words the status of one
 * outcome the decision reached.
 */
final class Reports {
    private Reports() {}

    /** {@code FAIL_INVALID}: named as the resource's fields, since whoever reads this status wrote the resource. */
    static Observation invalid(PassState pass) {
        return new Observation(SandboxPhase.Failed, Observation.REASON_INVALID_SPEC, pass.invalid, null);
    }

    /** {@code KEEP_FAILED}: the recorded failure stands until the spec changes or a restart is asked for. */
    static Observation keepFailed(PassState pass) {
        SandboxStatus status = pass.sandbox.getStatus();
        return new Observation(SandboxPhase.Failed, status.getReason(), status.getMessage(), pass.container);
    }

    /** {@code FAIL_REMOVED}: the container recorded for this very spec is gone. */
    static Observation removed(PassState pass) {
        return new Observation(
                SandboxPhase.Failed,
                Observation.REASON_CONTAINER_REMOVED,
                "container " + pass.sandbox.getStatus().getContainerName()
                        + " was removed outside the operator; restart the sandbox to make a new one",
                null);
    }

    /** {@code REPORT_STOPPED}: stopped on request, or at the end of its lifetime. */
    static Observation stopped(PassState pass) {
        Progress p = pass.progress;
        p.nextRetryAt = null;
        p.observedRestartRequest = Math.max(p.observedRestartRequest, pass.restartWanted);
        Observation stopped = pass.container == null
                ? new Observation(SandboxPhase.Stopped, Observation.REASON_STOPPED, "stopped on request", null)
                : Observation.of(pass.container, false, pass.plan.memoryBytes());
        return pass.expired()
                ? stopped.with(
                        SandboxPhase.Stopped,
                        Observation.REASON_EXPIRED,
                        "lifetime of " + pass.spec().getResources().getTimeoutSeconds()
                                + " s reached; stopped (the workspace is kept)")
                : stopped;
    }

    /** {@code REPORT}: the container as it is, which is as the spec wants it. */
    static Observation asItIs(PassState pass) {
        if (pass.container.running() || pass.container.paused()) {
            pass.progress.nextRetryAt = null;
        }
        return Observation.of(pass.container, true, pass.plan.memoryBytes());
    }
}
