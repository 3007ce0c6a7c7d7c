package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The resource use of a sandbox at one moment, as sampled on its node (about every 15 seconds while it runs).
 *
 * @param sampledAt when the sample was taken
 * @param cpuPercent CPU use over about one second, in percent of one core ({@code 200} means two cores busy)
 * @param memoryBytes memory in use, without page cache the kernel can reclaim
 * @param memoryLimitBytes the sandbox's memory limit
 * @param pids processes and threads running
 * @param networkRxBytes bytes received since the sandbox's container last started
 * @param networkTxBytes bytes sent since the container last started
 * @param blockReadBytes bytes read from block devices since the container last started
 * @param blockWriteBytes bytes written to block devices since the container last started
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageSample(
        @JsonTimestamp Instant sampledAt,

        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long pids,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {}
