package dev.sandbox.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The last-activity time of each sandbox in PostgreSQL: one row per sandbox, written by the gateway in batches. */
public final class SandboxActivity {
    private final DataSource dataSource;

    public SandboxActivity(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the activities in one batch. A time never moves backwards, whatever order batches arrive in. */
    public void record(Collection<ActivityRecord> activities) throws SQLException {
        if (activities.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "insert into sandbox_activity (sandbox_uid, namespace, name, last_activity_at) values (?, ?, ?, ?)"
                                + " on conflict (sandbox_uid) do update set last_activity_at ="
                                + " greatest(sandbox_activity.last_activity_at, excluded.last_activity_at)")) {
            for (ActivityRecord a : activities) {
                s.setString(1, a.sandboxUid());
                s.setString(2, a.namespace());
                s.setString(3, a.name());
                s.setTimestamp(4, Timestamp.from(a.lastActivityAt()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The last activity of each of these sandboxes that has any. */
    public Map<String, Instant> lastActivity(Collection<String> sandboxUids) throws SQLException {
        Map<String, Instant> result = new HashMap<>();
        if (sandboxUids.isEmpty()) {
            return result;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select sandbox_uid, last_activity_at from sandbox_activity where sandbox_uid = any (?)")) {
            Array uids = c.createArrayOf("text", sandboxUids.toArray());
            s.setArray(1, uids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.put(r.getString(1), r.getTimestamp(2).toInstant());
                }
            }
        }
        return result;
    }

    /** Forgets the activity of sandboxes the mirror has marked deleted; returns how many rows went. */
    public int pruneDeleted() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "delete from sandbox_activity a using sandboxes s where s.uid = a.sandbox_uid and s.deleted_at is not null")) {
            return s.executeUpdate();
        }
    }
}
