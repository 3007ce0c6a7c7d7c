package dev.sandbox.operator.cleanup;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.IdleAction;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxWarmPool;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a sandbox is idle. Pure, and restart-proof by construction: the idle clock is derived from what is
 * stored (the last activity in PostgreSQL, the resource's creation time, its container's last start, the time of an
 * idle stop in an annotation), never from how long this process has been watching.
 */
public final class IdlePolicy {
    /** Annotation set with the idle stop: when it happened. Its presence also marks the stop as ours, not the user's. */
    public static final String IDLE_STOPPED_AT = "sandbox.dev/idle-stopped-at";
    /** Annotation set with an idle pause: when it happened. */
    public static final String IDLE_PAUSED_AT = "sandbox.dev/idle-paused-at";

    private IdlePolicy() {}

    /**
     * What to do with a sandbox that may have been idle too long: nothing, stop or pause it, or delete it.
     *
     * @param lastActivity the latest call on the sandbox through the gateway, or null when there was none
     * @param defaultTimeout the cluster's idle timeout for sandboxes that set none (zero: off)
     * @param deleteAfter how long an idle-stopped sandbox stays before it is deleted (zero: never)
     */
    public static IdleDecision decide(
            Sandbox sandbox, Instant lastActivity, Duration defaultTimeout, Duration deleteAfter, Instant now) {
        return decide(sandbox, lastActivity, defaultTimeout, deleteAfter, IdleAction.Stop, now);
    }

    /**
     * As above, with the cluster's default action for sandboxes that name none ({@code spec.idleAction}): stop, or pause
     * with the memory kept. A sandbox paused or stopped for idleness is deleted after {@code deleteAfter} alike.
     */
    public static IdleDecision decide(
            Sandbox sandbox,
            Instant lastActivity,
            Duration defaultTimeout,
            Duration deleteAfter,
            IdleAction defaultAction,
            Instant now) {
        if (sandbox.getSpec() == null || sandbox.getMetadata().getDeletionTimestamp() != null) {
            return IdleDecision.NONE;
        }
        if (sandbox.getMetadata().getLabels() != null
                && sandbox.getMetadata().getLabels().containsKey(SandboxWarmPool.POOL_LABEL)) {
            // Waiting in a warm pool to be claimed: nobody can have used it, and its clock starts at the claim.
            return IdleDecision.NONE;
        }
        Long own = sandbox.getSpec().getIdleTimeoutSeconds();
        // Clamped to the documented bound, so that adding it to a time cannot overflow (kubectl input is not checked
        // first).
        Duration timeout = own != null
                ? Duration.ofSeconds(Math.min(own, dev.sandbox.crd.SpecValidator.MAX_TIMEOUT_SECONDS))
                : defaultTimeout;
        Optional<Instant> stoppedAt = idleStoppedAt(sandbox);
        boolean wantsRunning = sandbox.getSpec().getDesiredState() == DesiredState.Running;
        IdleAction action =
                sandbox.getSpec().getIdleAction() != null ? sandbox.getSpec().getIdleAction() : defaultAction;

        if (wantsRunning) {
            if (stoppedAt.isPresent()) {
                return new IdleDecision(
                        IdleDecision.Action.WAKE,
                        "running again after an idle " + (idlePaused(sandbox) ? "pause" : "stop"));
            }
            boolean running = sandbox.getStatus() != null && sandbox.getStatus().getPhase() == SandboxPhase.Running;
            if (timeout.isZero() || timeout.isNegative() || !running) {
                return IdleDecision.NONE;
            }
            Instant lastUse = latest(
                    lastActivity,
                    time(sandbox.getMetadata().getCreationTimestamp()),
                    sandbox.getStatus() == null
                            ? null
                            : time(sandbox.getStatus().getStartedAt()),
                    claimedAt(sandbox));
            if (lastUse == null || now.isBefore(lastUse.plus(timeout))) {
                return IdleDecision.NONE;
            }
            boolean pause = action == IdleAction.Pause;
            return new IdleDecision(
                    pause ? IdleDecision.Action.PAUSE : IdleDecision.Action.STOP,
                    "no activity since " + lastUse + " (idle timeout " + timeout.toSeconds() + " s); "
                            + (pause ? "paused, memory kept" : "stopped, workspace kept")
                            + (deleteAfter.isZero()
                                    ? ""
                                    : "; deleted unless " + (pause ? "resumed or used" : "started again") + " within "
                                            + deleteAfter.toSeconds() + " s"));
        }
        if (stoppedAt.isEmpty() || deleteAfter.isZero() || deleteAfter.isNegative()) {
            // Stopped by its user, not for idleness: theirs to delete.
            return IdleDecision.NONE;
        }
        Instant since = latest(stoppedAt.get(), lastActivity);
        if (!now.isBefore(since.plus(deleteAfter))) {
            return new IdleDecision(
                    IdleDecision.Action.DELETE,
                    (idlePaused(sandbox) ? "paused" : "stopped") + " for idleness at " + stoppedAt.get()
                            + " and unused since " + since + "; deleted after " + deleteAfter.toSeconds() + " s");
        }
        return IdleDecision.NONE;
    }

    /** When the sandbox was claimed from a warm pool, or null. */
    static Instant claimedAt(Sandbox sandbox) {
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        return annotations == null ? null : time(annotations.get(SandboxWarmPool.CLAIMED_AT));
    }

    /** When the sandbox was stopped or paused for idleness, if it was. */
    public static Optional<Instant> idleStoppedAt(Sandbox sandbox) {
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        if (annotations == null) {
            return Optional.empty();
        }
        Instant stopped = time(annotations.get(IDLE_STOPPED_AT));
        return Optional.ofNullable(stopped != null ? stopped : time(annotations.get(IDLE_PAUSED_AT)));
    }

    private static boolean idlePaused(Sandbox sandbox) {
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        return annotations != null
                && annotations.get(IDLE_PAUSED_AT) != null
                && annotations.get(IDLE_STOPPED_AT) == null;
    }

    private static Instant latest(Instant... times) {
        Instant latest = null;
        for (Instant t : times) {
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest;
    }

    private static Instant time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
