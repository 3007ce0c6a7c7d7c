package dev.sandbox.operator.runtime;

import dev.sandbox.client.ResourceUse;
import dev.sandbox.client.SandboxStats;
import java.time.Instant;

/**
 * One reading of a container's resource use as Docker reports it, with the previous CPU reading Docker keeps so CPU
 * use can be computed from a single call. {@link #use(ContainerStats)} turns it into the numbers shown and kept, with
 * CPU use over the time since an earlier reading of our own where there is one.
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
        return cpuPercentAfter(previousCpuTotalNanos, previousSystemCpuNanos);
    }

    /** CPU use between the given earlier counters and this reading's, as {@link #cpuPercent()} explains. */
    private double cpuPercentAfter(long earlierCpuTotalNanos, long earlierSystemCpuNanos) {
        long cpuDelta = cpuTotalNanos - earlierCpuTotalNanos;
        long systemDelta = systemCpuNanos - earlierSystemCpuNanos;
        if (cpuDelta <= 0 || systemDelta <= 0 || earlierSystemCpuNanos == 0) {
            return 0.0;
        }
        return (double) cpuDelta / systemDelta * Math.max(1, onlineCpus) * 100.0;
    }

    /** The numbers as they are shown and kept, with CPU use over the window of Docker's own previous reading. */
    public ResourceUse use() {
        return use(null);
    }

    /**
     * The numbers as they are shown and kept: CPU rounded to two decimals (finer is noise), memory without cache. CPU use
     * covers the time since {@code earlier} (a reading of the same container taken before this one); when
     * {@code earlier} is null or not older, the window of Docker's own previous reading, as {@link #use()}.
     */
    public ResourceUse use(ContainerStats earlier) {
        boolean older = earlier != null && earlier.systemCpuNanos > 0 && earlier.systemCpuNanos < systemCpuNanos;
        double cpu = older ? cpuPercentAfter(earlier.cpuTotalNanos, earlier.systemCpuNanos) : cpuPercent();
        return new ResourceUse(
                Math.round(cpu * 100) / 100.0,
                memoryUsedBytes(),
                memoryLimitBytes,
                pids,
                netRxBytes,
                netTxBytes,
                blockReadBytes,
                blockWriteBytes);
    }

    /** As the node agent answers it: {@link #use(ContainerStats)} at the time of this reading. */
    public SandboxStats toSandboxStats(ContainerStats earlier) {
        return new SandboxStats(readAt, use(earlier));
    }

    /** Memory in use without reclaimable page cache, as {@code docker stats} shows it. */
    public long memoryUsedBytes() {
        return memoryReclaimableBytes > 0 && memoryReclaimableBytes < memoryUsageBytes
                ? memoryUsageBytes - memoryReclaimableBytes
                : memoryUsageBytes;
    }
}
