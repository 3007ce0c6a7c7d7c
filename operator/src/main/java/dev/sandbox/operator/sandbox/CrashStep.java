package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.runtime.Commands;
import dev.sandbox.operator.runtime.ContainerState;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container that failed while it should run: plans its restart after a back-off (doubling up to a minute), or gives
 * up once the spec's retries are spent; either way the end of its log is kept in the status.
 */
final class CrashStep {
    private static final Logger log = LoggerFactory.getLogger(CrashStep.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 20;
    private static final int LOG_TAIL_CHARS = 4000;

    private final Commands runtime;

    CrashStep(Commands runtime) {
        this.runtime = runtime;
    }

    /** {@code BACK_OFF}: plans the next restart the first time, then reports the wait. */
    Observation backOff(PassState pass) {
        Progress p = pass.progress;
        ContainerState container = pass.container;
        int maxRetries = pass.maxRetries();
        Observation failed = Observation.of(container, true, pass.plan.memoryBytes());
        if (p.nextRetryAt == null) {
            Duration backoff = backoff(p.retryCount);
            p.nextRetryAt = pass.now.plus(backoff).toString();
            p.logTail = Progress.tail(runtime.logTail(container.id(), LOG_TAIL_LINES), LOG_TAIL_CHARS);
            log.info(
                    "sandbox {}: {}; restart {} of {} in {} s",
                    pass.key(),
                    failed.message(),
                    p.retryCount + 1,
                    maxRetries,
                    backoff.toSeconds());
        }
        return failed.with(
                SandboxPhase.Pending,
                Observation.REASON_BACK_OFF,
                failed.message() + "; restart " + (p.retryCount + 1) + " of " + maxRetries + " at " + p.nextRetryAt);
    }

    /** {@code GIVE_UP}: retries spent; the failure stays until the spec changes or a restart is asked for. */
    Observation giveUp(PassState pass) {
        Progress p = pass.progress;
        ContainerState container = pass.container;
        int maxRetries = pass.maxRetries();
        Observation failed = Observation.of(container, true, pass.plan.memoryBytes());
        p.nextRetryAt = null;
        String recordedFinish = pass.sandbox.getStatus() == null
                ? null
                : pass.sandbox.getStatus().getFinishedAt();
        if (p.logTail == null || !Objects.equals(container.finishedAt(), recordedFinish)) {
            p.logTail = Progress.tail(runtime.logTail(container.id(), LOG_TAIL_LINES), LOG_TAIL_CHARS);
        }
        if (maxRetries > 0 && !container.oomKilled()) {
            return failed.with(
                    SandboxPhase.Failed,
                    Observation.REASON_CRASH_LOOP,
                    failed.message() + "; gave up after " + maxRetries + " restarts");
        }
        return failed;
    }

    /** The wait before restart number {@code retriesSoFar + 1}: 1 s, doubling, at most a minute. */
    static Duration backoff(int retriesSoFar) {
        Duration d = Duration.ofSeconds(1L << Math.min(retriesSoFar, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
