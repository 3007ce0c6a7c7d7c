package dev.sandbox.operator.monitor;

import dev.sandbox.crd.SandboxUsage;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides when {@code status.usage} is rewritten, so the API server sees about one write per sandbox per interval
 * however often the sampler runs, and sooner only when the numbers move a lot. Pure.
 */
public final class UsageStatusPolicy {
    /** CPU change, in percentage points of one core, that is worth a write before the interval is up. */
    static final double CPU_JUMP_PERCENT = 50.0;
    /** Memory change, as a share of the limit, that is worth a write before the interval is up. */
    static final double MEMORY_JUMP_SHARE = 0.2;

    private UsageStatusPolicy() {}

    /** Whether {@code latest} should replace {@code current} in the status. */
    public static boolean due(SandboxUsage current, UsageSample latest, Duration interval) {
        if (latest == null) {
            return false;
        }
        if (current == null || current.getSampledAt() == null) {
            return true;
        }
        Instant written;
        try {
            written = Instant.parse(current.getSampledAt());
        } catch (RuntimeException unreadable) {
            return true;
        }
        if (!latest.sampledAt().isAfter(written)) {
            return false;
        }
        if (Duration.between(written, latest.sampledAt()).compareTo(interval) >= 0) {
            return true;
        }
        double cpuBefore = current.getCpuPercent() == null ? 0 : current.getCpuPercent();
        long memoryBefore = current.getMemoryBytes() == null ? 0 : current.getMemoryBytes();
        long limit = Math.max(1, latest.use().memoryLimitBytes());
        return Math.abs(latest.use().cpuPercent() - cpuBefore) >= CPU_JUMP_PERCENT
                || (double) Math.abs(latest.use().memoryBytes() - memoryBefore) / limit >= MEMORY_JUMP_SHARE;
    }

    /**
     * The usage the next status should carry: none unless running, otherwise {@code latest} when it is due and the
     * current one when not.
     */
    public static SandboxUsage next(SandboxUsage current, UsageSample latest, boolean running, Duration interval) {
        if (!running) {
            return null;
        }
        return due(current, latest, interval) ? latest.toStatus() : current;
    }
}
