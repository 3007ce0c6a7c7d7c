package dev.sandbox.operator.runtime;

import dev.sandbox.db.ResourceUse;
import java.time.Instant;

/**
 * One reading of a container's resource use as Docker reports it, with the previous CPU reading Docker keeps so CPU
 * use can be computed from a single call.
 *
 * @param readAt when Docker took the reading
 * @param cpuTotalNanos CPU time used by the container so far
 * @param previousCpuTotalNanos the same about a second earlier
 * @param systemCpuNanos CPU time of the whole host so far
 * @param previousSystemCpuNanos the same about a second earlier
 * @param onlineCpus CPUs of the host
 * @param memoryUsageBytes memory charged to the container, page cache included
 * @param memoryReclaimableBytes page cache the kernel can take back (inactive file pages)
 * @param memoryLimitBytes the container's memory limit
 * @param pids processes and threads
 * @param netRxBytes bytes received over all networks
 * @param netTxBytes bytes sent over all networks
 * @param blockReadBytes bytes read from block devices
 * @param blockWriteBytes bytes written to block devices
 */
public record ContainerStats(
        Instant readAt,
        long cpuTotalNanos,
        long previousCpuTotalNanos,
        long systemCpuNanos,
        long previousSystemCpuNanos,
        int onlineCpus,
        long memoryUsageBytes,
        long memoryReclaimableBytes,
        long memoryLimitBytes,
        long pids,
        long netRxBytes,
        long netTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {

    /**
     * CPU use in percent of one core, computed as {@code docker stats} does: the container's share of the host's CPU time
     * between the two readings, times the number of CPUs. 0 when either delta is not positive (first reading).
     */
    public double cpuPercent() {
        long cpuDelta = cpuTotalNanos - previousCpuTotalNanos;
        long systemDelta = systemCpuNanos - previousSystemCpuNanos;
        if (cpuDelta <= 0 || systemDelta <= 0 || previousSystemCpuNanos == 0) {
            return 0.0;
        }
        return (double) cpuDelta / systemDelta * Math.max(1, onlineCpus) * 100.0;
    }

    /**
     * This reading with {@code earlier}'s CPU counters as the previous ones, so {@link #cpuPercent()} covers the time
     * between the two; unchanged when {@code earlier} is null or not older.
     */
    public ContainerStats since(ContainerStats earlier) {
        if (earlier == null || earlier.systemCpuNanos() <= 0 || earlier.systemCpuNanos() >= systemCpuNanos) {
            return this;
        }
        return new ContainerStats(
                readAt,
                cpuTotalNanos,
                earlier.cpuTotalNanos(),
                systemCpuNanos,
                earlier.systemCpuNanos(),
                onlineCpus,
                memoryUsageBytes,
                memoryReclaimableBytes,
                memoryLimitBytes,
                pids,
                netRxBytes,
                netTxBytes,
                blockReadBytes,
                blockWriteBytes);
    }

    /** As the node agent answers it. */
    public ResourceStats toResourceStats() {
        return new ResourceStats(readAt.toString(), use());
    }

    /** The numbers as they are shown and kept: CPU rounded to two decimals (finer is noise), memory without cache. */
    public ResourceUse use() {
        return new ResourceUse(
                Math.round(cpuPercent() * 100) / 100.0,
                memoryUsedBytes(),
                memoryLimitBytes,
                pids,
                netRxBytes,
                netTxBytes,
                blockReadBytes,
                blockWriteBytes);
    }

    /** Memory in use without reclaimable page cache, as {@code docker stats} shows it. */
    public long memoryUsedBytes() {
        return memoryReclaimableBytes > 0 && memoryReclaimableBytes < memoryUsageBytes
                ? memoryUsageBytes - memoryReclaimableBytes
                : memoryUsageBytes;
    }
}
