package dev.sandbox.db;

import dev.sandbox.client.ResourceUse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Resource-usage samples of sandboxes in PostgreSQL: written in batches by the operators, read by the gateway. */
public final class UsageSamples {
    private final DataSource dataSource;

    public UsageSamples(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends samples in one batch (one round trip for a whole sampling pass). */
    public void insert(List<UsageSampleRecord> samples) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "insert into sandbox_usage_samples (sandbox_uid, node, sampled_at, cpu_percent, memory_used_bytes,"
                                + " memory_limit_bytes, pids, net_rx_bytes, net_tx_bytes, block_read_bytes, block_write_bytes)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UsageSampleRecord r : samples) {
                s.setString(1, r.sandboxUid());
                s.setString(2, r.node());
                s.setTimestamp(3, Timestamp.from(r.sampledAt()));
                ResourceUse use = r.use();
                s.setDouble(4, use.cpuPercent());
                s.setLong(5, use.memoryBytes());
                s.setLong(6, use.memoryLimitBytes());
                s.setLong(7, use.pids());
                s.setLong(8, use.networkRxBytes());
                s.setLong(9, use.networkTxBytes());
                s.setLong(10, use.blockReadBytes());
                s.setLong(11, use.blockWriteBytes());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Samples of one sandbox taken strictly after {@code after}, oldest first, at most {@code limit}. Paging: ask again
     * with the last sample's time.
     */
    public List<UsageSampleRecord> after(String sandboxUid, Instant after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select sandbox_uid, node, sampled_at, cpu_percent, memory_used_bytes, memory_limit_bytes, pids,"
                                + " net_rx_bytes, net_tx_bytes, block_read_bytes, block_write_bytes from sandbox_usage_samples"
                                + " where sandbox_uid = ? and sampled_at > ? order by sampled_at, id limit ?")) {
            s.setString(1, sandboxUid);
            s.setTimestamp(2, Timestamp.from(after));
            s.setInt(3, limit);
            List<UsageSampleRecord> samples = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    samples.add(new UsageSampleRecord(
                            r.getString(1),
                            r.getString(2),
                            r.getTimestamp(3).toInstant(),
                            new ResourceUse(
                                    r.getDouble(4),
                                    r.getLong(5),
                                    r.getLong(6),
                                    r.getLong(7),
                                    r.getLong(8),
                                    r.getLong(9),
                                    r.getLong(10),
                                    r.getLong(11))));
                }
            }
            return samples;
        }
    }

    /** Deletes samples taken before {@code cutoff}; returns how many went. */
    public int pruneBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("delete from sandbox_usage_samples where sampled_at < ?")) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            return s.executeUpdate();
        }
    }
}
