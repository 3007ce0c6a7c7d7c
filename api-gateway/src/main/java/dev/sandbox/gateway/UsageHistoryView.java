package dev.sandbox.gateway;

import dev.sandbox.client.UsageHistory;
import dev.sandbox.client.UsageSample;
import dev.sandbox.db.UsageSampleRecord;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of {@code GET /v1/sandboxes/{id}/usage}, as the SDK's {@link UsageHistory}: samples taken after
 * {@code since}, oldest first. Byte counters of network and block I/O count from the container's last start.
 */
final class UsageHistoryView {
    private UsageHistoryView() {}

    static UsageHistory of(String id, Instant since, List<UsageSampleRecord> rows, boolean truncated) {
        return new UsageHistory(
                id, since, rows.stream().map(UsageHistoryView::sample).toList(), truncated);
    }

    private static UsageSample sample(UsageSampleRecord r) {
        return new UsageSample(r.sampledAt(), r.use());
    }
}
