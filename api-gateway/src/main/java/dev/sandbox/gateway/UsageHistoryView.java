package dev.sandbox.gateway;

import dev.sandbox.db.UsageSampleRecord;
import java.util.List;

/**
 * The JSON of {@code GET /v1/sandboxes/{id}/usage}: samples taken after {@code since}, oldest first.
 *
 * @param id the sandbox id
 * @param since the time the samples follow (exclusive), RFC 3339
 * @param samples the samples, oldest first
 * @param truncated whether more samples follow the last one; ask again with its {@code sampledAt} as {@code since}
 */
public record UsageHistoryView(String id, String since, List<Sample> samples, boolean truncated) {

    /** One sample; byte counters of network and block I/O count from the container's last start. */
    public record Sample(
            String sampledAt,
            double cpuPercent,
            long memoryBytes,
            long memoryLimitBytes,
            long pids,
            long networkRxBytes,
            long networkTxBytes,
            long blockReadBytes,
            long blockWriteBytes) {

        static Sample from(UsageSampleRecord r) {
            return new Sample(
                    r.sampledAt().toString(),
                    r.cpuPercent(),
                    r.memoryUsedBytes(),
                    r.memoryLimitBytes(),
                    r.pids(),
                    r.netRxBytes(),
                    r.netTxBytes(),
                    r.blockReadBytes(),
                    r.blockWriteBytes());
        }
    }
}
