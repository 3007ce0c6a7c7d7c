package dev.sandbox.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tenants, their limits and keys, as the administration API changes them. Every change writes its audit row in the
 * same transaction, so there is never a change without its row or a row without its change.
 */
public final class TenantAdministration {
    /** The limit columns of {@code tenants t}, in the order {@link #limits(ResultSet, int)} reads them. */
    static final String LIMIT_COLUMNS =
            "t.limit_sandboxes, t.limit_cpu_millis, t.limit_memory_bytes, t.limit_disk_bytes, t.limit_requests_per_second";

    private static final String TENANT_COLUMNS = "t.id, t.name, " + LIMIT_COLUMNS + ", t.created_at, t.updated_at";

    private final DataSource dataSource;

    public TenantAdministration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A unit of work on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Creates a tenant, or brings back a deleted one with the new limits; empty when a live tenant has that name. */
    public Optional<TenantRecord> create(AdminActor actor, String name, String displayName, TenantLimits limits)
            throws SQLException {
        return transaction(c -> {
            int inserted;
            try (PreparedStatement s =
                    c.prepareStatement("insert into tenants (id, name) values (?, ?) on conflict (id) do nothing")) {
                s.setString(1, name);
                s.setString(2, displayName);
                inserted = s.executeUpdate();
            }
            // A new row, or a deleted tenant brought back; a live tenant of that name stays as it is.
            try (PreparedStatement s =
                    c.prepareStatement("update tenants set name = ?, deleted_at = null, updated_at = now(),"
                            + " limit_sandboxes = ?, limit_cpu_millis = ?, limit_memory_bytes = ?, limit_disk_bytes = ?, limit_requests_per_second = ?"
                            + " where id = ?" + (inserted == 1 ? "" : " and deleted_at is not null"))) {
                s.setString(1, displayName);
                setLimits(s, 2, limits);
                s.setString(7, name);
                if (s.executeUpdate() == 0) {
                    return Optional.<TenantRecord>empty();
                }
            }
            audit(c, actor, "tenant.create", name, limitsJson(limits));
            return find(c, name);
        });
    }

    public List<TenantRecord> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select " + TENANT_COLUMNS + " from tenants t where t.deleted_at is null order by t.id");
                ResultSet r = s.executeQuery()) {
            List<TenantRecord> tenants = new ArrayList<>();
            while (r.next()) {
                tenants.add(tenant(r));
            }
            return tenants;
        }
    }

    public Optional<TenantRecord> get(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, name);
        }
    }

    /** Replaces a live tenant's limits; empty when there is no such tenant. */
    public Optional<TenantRecord> update(AdminActor actor, String name, TenantLimits limits) throws SQLException {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "update tenants set updated_at = now(), limit_sandboxes = ?, limit_cpu_millis = ?,"
                            + " limit_memory_bytes = ?, limit_disk_bytes = ?, limit_requests_per_second = ? where id = ? and deleted_at is null")) {
                setLimits(s, 1, limits);
                s.setString(6, name);
                if (s.executeUpdate() == 0) {
                    return Optional.<TenantRecord>empty();
                }
            }
            audit(c, actor, "tenant.update", name, limitsJson(limits));
            return find(c, name);
        });
    }

    /** Marks a live tenant deleted and revokes all its keys at once; false when there is no such tenant. */
    public boolean delete(AdminActor actor, String name) throws SQLException {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "update tenants set deleted_at = now(), updated_at = now() where id = ? and deleted_at is null")) {
                s.setString(1, name);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            int revoked;
            try (PreparedStatement s = c.prepareStatement(
                    "update api_keys set revoked_at = now() where tenant_id = ? and revoked_at is null")) {
                s.setString(1, name);
                revoked = s.executeUpdate();
            }
            audit(c, actor, "tenant.delete", name, "{\"keysRevoked\": " + revoked + "}");
            return true;
        });
    }

    /** Issues a tenant key of a live tenant; empty when there is no such tenant. */
    public Optional<IssuedKey> createKey(AdminActor actor, String tenant, String keyName) throws SQLException {
        return transaction(c -> {
            if (find(c, tenant).isEmpty()) {
                return Optional.<IssuedKey>empty();
            }
            IssuedKey issued = ApiKeys.issue(c, tenant, keyName, false);
            audit(
                    c,
                    actor,
                    "key.create",
                    "key/" + issued.record().id(),
                    "{\"tenant\": " + quote(tenant) + ", \"name\": " + quote(keyName) + ", \"prefix\": "
                            + quote(issued.record().prefix()) + "}");
            return Optional.of(issued);
        });
    }

    /** The keys of a live tenant, revoked ones included, oldest first; empty when there is no such tenant. */
    public Optional<List<ApiKeyRecord>> keys(String tenant) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (find(c, tenant).isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select id, tenant_id, name, key_prefix, admin, created_at, last_used_at, revoked_at"
                            + " from api_keys where tenant_id = ? order by id")) {
                s.setString(1, tenant);
                try (ResultSet r = s.executeQuery()) {
                    List<ApiKeyRecord> keys = new ArrayList<>();
                    while (r.next()) {
                        keys.add(new ApiKeyRecord(
                                r.getLong(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getBoolean(5),
                                r.getTimestamp(6).toInstant(),
                                instant(r.getTimestamp(7)),
                                instant(r.getTimestamp(8))));
                    }
                    return Optional.of(keys);
                }
            }
        }
    }

    /** Revokes a key (at once: every lookup reads the database); false when no key has that id. */
    public boolean revokeKey(AdminActor actor, long id) throws SQLException {
        return transaction(c -> {
            String tenant;
            try (PreparedStatement s = c.prepareStatement(
                    "update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ? returning tenant_id")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                    tenant = r.getString(1);
                }
            }
            audit(c, actor, "key.revoke", "key/" + id, "{\"tenant\": " + quote(tenant) + "}");
            return true;
        });
    }

    /** The latest audit rows, newest first. */
    public List<AuditRecord> audit(int limit) throws SQLException {
        return Sql.list(
                dataSource,
                "select id, occurred_at, actor_key_id, actor_tenant, action, target, details::text"
                        + " from admin_audit order by id desc limit ?",
                s -> s.setInt(1, limit),
                r -> {
                    // wasNull speaks of the column read last: ask it right after the key.
                    long key = r.getLong(3);
                    Long actorKey = r.wasNull() ? null : key;
                    return new AuditRecord(
                            r.getLong(1),
                            r.getTimestamp(2).toInstant(),
                            actorKey,
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getString(7));
                });
    }

    /**
     * Runs {@code work} while holding a lock named {@code name} that every process of the installation sharing this
     * database respects (a transaction-scoped PostgreSQL advisory lock): check-then-create sequences such as quota checks
     * cannot interleave, whichever gateway replica serves them. With a null name, only a transaction.
     */
    public <T> T underLock(String name, Work<T> work) throws SQLException {
        return transaction(c -> {
            if (name != null) {
                try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    s.setString(1, name);
                    s.execute();
                }
            }
            return work.run(c);
        });
    }

    private <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static Optional<TenantRecord> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select " + TENANT_COLUMNS + " from tenants t where t.id = ? and t.deleted_at is null")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(tenant(r)) : Optional.empty();
            }
        }
    }

    private static TenantRecord tenant(ResultSet r) throws SQLException {
        return new TenantRecord(
                r.getString(1),
                r.getString(2),
                limits(r, 3),
                r.getTimestamp(8).toInstant(),
                r.getTimestamp(9).toInstant());
    }

    /** Reads the five limit columns starting at column {@code from}. */
    static TenantLimits limits(ResultSet r, int from) throws SQLException {
        return new TenantLimits(
                integer(r, from), number(r, from + 1), number(r, from + 2), number(r, from + 3), integer(r, from + 4));
    }

    private static Integer integer(ResultSet r, int column) throws SQLException {
        int value = r.getInt(column);
        return r.wasNull() ? null : value;
    }

    private static Long number(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static void setLimits(PreparedStatement s, int from, TenantLimits limits) throws SQLException {
        setNullable(
                s, from, limits.sandboxes() == null ? null : limits.sandboxes().longValue(), Types.INTEGER);
        setNullable(s, from + 1, limits.cpuMillis(), Types.BIGINT);
        setNullable(s, from + 2, limits.memoryBytes(), Types.BIGINT);
        setNullable(s, from + 3, limits.diskBytes(), Types.BIGINT);
        setNullable(
                s,
                from + 4,
                limits.requestsPerSecond() == null
                        ? null
                        : limits.requestsPerSecond().longValue(),
                Types.INTEGER);
    }

    private static void setNullable(PreparedStatement s, int column, Long value, int type) throws SQLException {
        if (value == null) {
            s.setNull(column, type);
        } else if (type == Types.INTEGER) {
            s.setInt(column, value.intValue());
        } else {
            s.setLong(column, value);
        }
    }

    private static void audit(Connection c, AdminActor actor, String action, String target, String details)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("insert into admin_audit (actor_key_id, actor_tenant, action, target, details)"
                        + " values (?, ?, ?, ?, ?::jsonb)")) {
            if (actor.keyId() == null) {
                s.setNull(1, Types.BIGINT);
            } else {
                s.setLong(1, actor.keyId());
            }
            s.setString(2, actor.tenant());
            s.setString(3, action);
            s.setString(4, target);
            s.setString(5, details);
            s.executeUpdate();
        }
    }

    private static String limitsJson(TenantLimits l) {
        return "{\"sandboxes\": " + l.sandboxes() + ", \"cpuMillis\": " + l.cpuMillis() + ", \"memoryBytes\": "
                + l.memoryBytes() + ", \"diskBytes\": " + l.diskBytes() + ", \"requestsPerSecond\": "
                + l.requestsPerSecond() + "}";
    }

    /** A JSON string literal; names reaching here are already checked, this only keeps the JSON well-formed. */
    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }
}
