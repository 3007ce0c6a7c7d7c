package dev.sandbox.operator.cleanup;

import dev.sandbox.db.SandboxRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.OperatorConfig;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/**
 * Marks deleted the PostgreSQL mirror rows of this node's sandboxes whose resource is gone: deleted while no operator
 * was watching, so no clean-up ran for them. Only rows last written before the resources were listed are considered,
 * so a sandbox created during the pass is never mistaken for a vanished one.
 */
final class StaleRecordSweep {
    private final SandboxRecords records;
    private final CleanupReporter reporter;
    private final OperatorConfig config;

    StaleRecordSweep(SandboxRecords records, CleanupReporter reporter, OperatorConfig config) {
        this.records = records;
        this.reporter = reporter;
        this.config = config;
    }

    /**
     * @param existingUids UIDs of every Sandbox that exists (in the watched namespace)
     * @param listedAt when they were listed
     */
    void sweep(Set<String> existingUids, Instant listedAt) throws SQLException {
        for (SandboxRecord row : records.liveOnNode(config.nodeName(), listedAt)) {
            if (existingUids.contains(row.uid())
                    || (config.namespace() != null && !config.namespace().equals(row.namespace()))) {
                continue;
            }
            records.markDeleted(row.uid(), Instant.now());
            reporter.report(
                    CleanupReporter.vanished(row.namespace(), row.name(), row.uid(), config.nodeName()),
                    "stale_record",
                    false,
                    "Deleted",
                    "Vanished",
                    "marked deleted: the resource was deleted while no operator was watching (last known phase "
                            + row.phase() + ")");
        }
    }
}
