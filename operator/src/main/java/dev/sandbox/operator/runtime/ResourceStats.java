package dev.sandbox.operator.runtime;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.sandbox.db.ResourceUse;

/**
 * Resource use of a container at one moment, as the node agent answers it: the time and the numbers side by side in
 * one JSON object ({@code {"timestamp", "cpuPercent", "memoryBytes", ...}}).
 *
 * @param timestamp RFC 3339 time of the sample
 * @param use CPU use since the previous reading, memory without the reclaimable page cache, processes, and the
 *     network and block I/O byte counters
 */
public record ResourceStats(String timestamp, @JsonUnwrapped ResourceUse use) {}
