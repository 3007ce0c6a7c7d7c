package dev.sandbox.operator.runtime;

/**
 * Resource use of a container at one moment.
 *
 * @param timestamp RFC 3339 time of the sample
 * @param cpuPercent CPU use since the previous reading, in percent of one core (200 = two full cores)
 * @param memoryBytes memory in use, without the reclaimable page cache
 * @param memoryLimitBytes memory limit
 * @param pids number of processes
 * @param networkRxBytes bytes received over all interfaces
 * @param networkTxBytes bytes sent over all interfaces
 * @param blockReadBytes bytes read from block devices
 * @param blockWriteBytes bytes written to block devices
 */
public record ResourceStats(
        String timestamp,
        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long pids,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {}
