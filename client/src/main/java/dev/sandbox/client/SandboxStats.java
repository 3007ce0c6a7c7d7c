package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Resource use of a running sandbox at one moment.
 *
 * @param timestamp when the sample was taken
 * @param cpuPercent CPU use in percent of one core ({@code 200} = two full cores)
 * @param memoryBytes memory in use, without reclaimable page cache
 * @param memoryLimitBytes the sandbox's memory limit
 * @param pids number of processes
 * @param networkRxBytes bytes received over the network
 * @param networkTxBytes bytes sent over the network
 * @param blockReadBytes bytes read from disk
 * @param blockWriteBytes bytes written to disk
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SandboxStats(
        @JsonTimestamp Instant timestamp,

        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long pids,
        long networkRxBytes,
        long networkTxBytes,
        long blockReadBytes,
        long blockWriteBytes) {}
