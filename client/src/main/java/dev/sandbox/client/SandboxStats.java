package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * Resource use of a running sandbox at one moment, as {@link SandboxClient#getStats(String)} and
 * {@link SandboxClient#streamStats(String)} return it. In JSON the numbers stand beside the timestamp in one flat
 * object: {@code {"timestamp", "cpuPercent", "memoryBytes", ...}}.
 *
 * @param timestamp when the sample was taken
 * @param use the numbers read: CPU use over about the last second, memory without reclaimable page cache, processes
 *     and the I/O byte counters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SandboxStats(
        @JsonTimestamp Instant timestamp, @JsonUnwrapped ResourceUse use) {}
