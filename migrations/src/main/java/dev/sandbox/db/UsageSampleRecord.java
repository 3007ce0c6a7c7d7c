package dev.sandbox.db;

import java.time.Instant;

/**
 * One resource-usage sample of a sandbox, as kept in the history.
 *
 * @param sandboxUid UID of the Sandbox resource
 * @param node node whose operator took the sample
 * @param sampledAt when Docker read the numbers
 * @param cpuPercent CPU use over the last second, in percent of one core (200 = two cores busy)
 * @param memoryUsedBytes memory in use, without the page cache the kernel can reclaim
 * @param memoryLimitBytes memory limit of the container
 * @param pids processes and threads running
 * @param netRxBytes bytes received over all the container's networks since it started
 * @param netTxBytes bytes sent over all the container's networks since it started
 * @param blockReadBytes bytes read from block devices since the container started
 * @param blockWriteBytes bytes written to block devices since the container started
 */
public record UsageSampleRecord(
        String sandboxUid,
        String node,
        Instant sampledAt,
        double cpuPercent,
        long memoryUsedBytes,
        long memoryLimitBytes,
        long pids,
        long netRxBytes,
        long netTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {}
