package dev.sandbox.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The sandbox mirror and its history in PostgreSQL. */
public final class SandboxRecords {
    private static final String SELECT_ROW =
            "select uid, namespace, name, tenant_id, image, node, phase, reason, message, container_id, restart_count,"
                    + " spec::text as spec, status::text as status, created_at, deleted_at from sandboxes";
    private final DataSource dataSource;

    public SandboxRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or replaces the mirror row of a sandbox. A row marked deleted stays deleted. */
    public void upsert(SandboxRecord r) throws SQLException {
        String sql =
                "insert into sandboxes (uid, namespace, name, tenant_id, image, node, phase, reason, message, container_id,"
                        + " restart_count, spec, status, created_at, updated_at, deleted_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, now(), ?)"
                        + " on conflict (uid) do update set tenant_id = excluded.tenant_id, image = excluded.image,"
                        + " node = excluded.node, phase = excluded.phase, reason = excluded.reason, message = excluded.message,"
                        + " container_id = excluded.container_id, restart_count = excluded.restart_count, spec = excluded.spec,"
                        + " status = excluded.status, updated_at = now(),"
                        + " deleted_at = coalesce(sandboxes.deleted_at, excluded.deleted_at)";
        Sql.update(dataSource, sql, s -> {
            s.setString(1, r.uid());
            s.setString(2, r.namespace());
            s.setString(3, r.name());
            s.setString(4, r.tenantId());
            s.setString(5, r.image());
            s.setString(6, r.node());
            s.setString(7, r.phase());
            s.setString(8, r.reason());
            s.setString(9, r.message());
            s.setString(10, r.containerId());
            s.setInt(11, r.restartCount());
            s.setString(12, r.specJson());
            s.setString(13, r.statusJson());
            s.setTimestamp(14, Timestamp.from(r.createdAt()));
            if (r.deletedAt() == null) {
                s.setNull(15, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                s.setTimestamp(15, Timestamp.from(r.deletedAt()));
            }
        });
    }

    /** Marks a sandbox deleted; the row is kept for history. */
    public void markDeleted(String uid, Instant when) throws SQLException {
        Sql.update(
                dataSource,
                "update sandboxes set deleted_at = coalesce(deleted_at, ?), phase = 'Deleted', updated_at = now() where uid = ?",
                s -> {
                    s.setTimestamp(1, Timestamp.from(when));
                    s.setString(2, uid);
                });
    }

    /**
     * Marks every sandbox of a node that is not yet marked deleted as deleted, e.g. when the node's state is known to be
     * gone. Returns how many rows changed.
     */
    public int markAllDeletedOnNode(String node, Instant when) throws SQLException {
        return Sql.update(
                dataSource,
                "update sandboxes set deleted_at = ?, phase = 'Deleted', updated_at = now() where node = ? and deleted_at is null",
                s -> {
                    s.setTimestamp(1, Timestamp.from(when));
                    s.setString(2, node);
                });
    }

    /** Appends a lifecycle transition to the history. */
    public void appendEvent(SandboxEventRecord e) throws SQLException {
        Sql.update(
                dataSource,
                "insert into sandbox_events (sandbox_uid, namespace, name, type, phase, reason, message, node, occurred_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, e.sandboxUid());
                    s.setString(2, e.namespace());
                    s.setString(3, e.name());
                    s.setString(4, e.type());
                    s.setString(5, e.phase());
                    s.setString(6, e.reason());
                    s.setString(7, e.message());
                    s.setString(8, e.node());
                    s.setTimestamp(9, Timestamp.from(e.occurredAt()));
                });
    }

    /**
     * Rows of a node not marked deleted and last written before {@code writtenBefore}: the candidates for the stale-record
     * sweep, which compares them with the resources that exist. Rows written after the caller listed the resources are
     * left out, since the listing cannot know about them.
     */
    public List<SandboxRecord> liveOnNode(String node, Instant writtenBefore) throws SQLException {
        return Sql.list(
                dataSource,
                SELECT_ROW + " where node = ? and deleted_at is null and updated_at < ? order by uid",
                s -> {
                    s.setString(1, node);
                    s.setTimestamp(2, Timestamp.from(writtenBefore));
                },
                SandboxRecords::row);
    }

    /** The mirror row of a sandbox, by uid. */
    public Optional<SandboxRecord> find(String uid) throws SQLException {
        return Sql.first(dataSource, SELECT_ROW + " where uid = ?", s -> s.setString(1, uid), SandboxRecords::row);
    }

    /** A row of {@link #SELECT_ROW}, read by column name. */
    private static SandboxRecord row(ResultSet r) throws SQLException {
        Timestamp deleted = r.getTimestamp("deleted_at");
        return new SandboxRecord(
                r.getString("uid"),
                r.getString("namespace"),
                r.getString("name"),
                r.getString("tenant_id"),
                r.getString("image"),
                r.getString("node"),
                r.getString("phase"),
                r.getString("reason"),
                r.getString("message"),
                r.getString("container_id"),
                r.getInt("restart_count"),
                r.getString("spec"),
                r.getString("status"),
                r.getTimestamp("created_at").toInstant(),
                deleted == null ? null : deleted.toInstant());
    }

    /** The history of a sandbox, oldest first. */
    public List<SandboxEventRecord> history(String uid) throws SQLException {
        return Sql.list(
                dataSource,
                "select sandbox_uid, namespace, name, type, phase, reason, message, node, occurred_at"
                        + " from sandbox_events where sandbox_uid = ? order by id",
                s -> s.setString(1, uid),
                r -> new SandboxEventRecord(
                        r.getString("sandbox_uid"),
                        r.getString("namespace"),
                        r.getString("name"),
                        r.getString("type"),
                        r.getString("phase"),
                        r.getString("reason"),
                        r.getString("message"),
                        r.getString("node"),
                        r.getTimestamp("occurred_at").toInstant()));
    }
}
