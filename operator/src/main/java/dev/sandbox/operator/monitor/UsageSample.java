package dev.sandbox.operator.monitor;

import dev.sandbox.crd.SandboxUsage;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.operator.runtime.ContainerStats;
import java.time.Instant;

/**
 * The resource use of one sandbox at one moment, as the sampler keeps it.
 *
 * @param uid UID of the Sandbox resource
 * @param namespace its namespace
 * @param name its name
 * @param sampledAt when Docker took the reading
 * @param cpuPercent CPU use in percent of one core
 * @param memoryUsedBytes memory in use without reclaimable cache
 * @param memoryLimitBytes memory limit
 * @param pids processes and threads
 * @param netRxBytes bytes received since the container started
 * @param netTxBytes bytes sent since the container started
 * @param blockReadBytes bytes read from block devices since the container started
 * @param blockWriteBytes bytes written to block devices since the container started
 */
public record UsageSample(
        String uid,
        String namespace,
        String name,
        Instant sampledAt,
        double cpuPercent,
        long memoryUsedBytes,
        long memoryLimitBytes,
        long pids,
        long netRxBytes,
        long netTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {

    /** The sample of a sandbox's container reading. CPU is rounded to two decimals: finer is noise. */
    public static UsageSample of(String uid, String namespace, String name, ContainerStats stats) {
        return new UsageSample(
                uid,
                namespace,
                name,
                stats.readAt(),
                Math.round(stats.cpuPercent() * 100) / 100.0,
                stats.memoryUsedBytes(),
                stats.memoryLimitBytes(),
                stats.pids(),
                stats.netRxBytes(),
                stats.netTxBytes(),
                stats.blockReadBytes(),
                stats.blockWriteBytes());
    }

    /** As written into {@code status.usage}. */
    public SandboxUsage toStatus() {
        return new SandboxUsage(
                sampledAt.toString(),
                cpuPercent,
                memoryUsedBytes,
                memoryLimitBytes,
                pids,
                netRxBytes,
                netTxBytes,
                blockReadBytes,
                blockWriteBytes);
    }

    /** As stored in PostgreSQL. */
    public UsageSampleRecord toRecord(String node) {
        return new UsageSampleRecord(
                uid,
                node,
                sampledAt,
                cpuPercent,
                memoryUsedBytes,
                memoryLimitBytes,
                pids,
                netRxBytes,
                netTxBytes,
                blockReadBytes,
                blockWriteBytes);
    }
}
