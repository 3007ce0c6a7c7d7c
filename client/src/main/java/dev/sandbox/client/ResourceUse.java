package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The resource use of a sandbox's container at one moment: the numbers its node reads, keeps in the usage history and
 * shows in the stats answers and in {@code status.usage}. In JSON these fields stand beside the time of the reading in
 * one flat object ({@link SandboxStats}, {@link UsageSample}). Byte counters of network and block I/O count from the
 * container's last start.
 *
 * @param cpuPercent CPU use in percent of one core ({@code 200} means two cores busy), rounded to two decimals
 * @param memoryBytes memory in use, without the page cache the kernel can reclaim
 * @param memoryLimitBytes the sandbox's memory limit
 * @param pids processes and threads running
 * @param networkRxBytes bytes received over all the sandbox's networks
 * @param networkTxBytes bytes sent over all the sandbox's networks
 * @param blockReadBytes bytes read from block devices
 * @param blockWriteBytes bytes written to block devices
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceUse(
        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long pids,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {}
