package dev.sandbox.db;

/**
 * The resource use of a sandbox's container at one moment: the numbers a node reads, keeps in the usage history and
 * shows in {@code status.usage} and the stats answers, named as the REST API names them. Byte counters of network and
 * block I/O count from the container's last start.
 *
 * @param cpuPercent CPU use in percent of one core (200 = two cores busy), rounded to two decimals
 * @param memoryBytes memory in use, without the page cache the kernel can reclaim
 * @param memoryLimitBytes memory limit of the container
 * @param pids processes and threads running
 * @param networkRxBytes bytes received over all the container's networks
 * @param networkTxBytes bytes sent over all the container's networks
 * @param blockReadBytes bytes read from block devices
 * @param blockWriteBytes bytes written to block devices
 */
public record ResourceUse(
        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long pids,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {}
