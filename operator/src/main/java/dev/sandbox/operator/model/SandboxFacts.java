package dev.sandbox.operator.model;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.runtime.ContainerState;
import java.time.Instant;
import java.util.Set;

/**
 * Everything {@link SandboxDecision} looks at: what the spec wants, what the status recorded, what the engine shows and
 * what this reconcile has done so far. Plain values, so a decision is a pure function of them.
 *
 * @param invalid why the spec cannot run as written (fields named), or null when it can
 * @param expired whether the sandbox's lifetime is over
 * @param deleteWhenExpired whether the end of its lifetime deletes it (rather than stopping it)
 * @param desired the state the spec asks for
 * @param specChanged whether the spec's generation differs from the one the status was written for
 * @param restartPending whether a restart was asked for that has not been carried out
 * @param recordedPhase the phase the status shows, or null
 * @param recordedReason the reason the status shows, or null
 * @param containerRecorded whether the status names a container made for the sandbox
 * @param looked whether the sandbox's inputs were read and its container looked at in this reconcile
 * @param container the container as the engine shows it, or null when there is none (or it was not looked at yet)
 * @param specHashDiffers whether the container was made for another spec than the current plan
 * @param limitsApplied whether the container has the plan's CPU and memory limits (or they are not known)
 * @param forceBuild whether a build is forced for this generation and has not been made yet
 * @param endedInEngineOutage whether the container ended while the engine was going away and coming back
 * @param retryCount failures restarted since the spec last changed
 * @param maxRetries how many restarts after failures the spec allows
 * @param nextRetryAt when the next restart after a failure is due, or null when none is planned
 * @param now the time of the decision
 * @param done the actions this reconcile has carried out already
 */
public record SandboxFacts(
        String invalid,
        boolean expired,
        boolean deleteWhenExpired,
        DesiredState desired,
        boolean specChanged,
        boolean restartPending,
        SandboxPhase recordedPhase,
        String recordedReason,
        boolean containerRecorded,
        boolean looked,
        ContainerState container,
        boolean specHashDiffers,
        boolean limitsApplied,
        boolean forceBuild,
        boolean endedInEngineOutage,
        int retryCount,
        int maxRetries,
        Instant nextRetryAt,
        Instant now,
        Set<SandboxAction> done) {

    public SandboxFacts {
        done = Set.copyOf(done);
    }

    /** Whether the sandbox should be running (or paused) rather than stopped. */
    public boolean wantRunning() {
        return desired != DesiredState.Stopped && !expired;
    }
}
