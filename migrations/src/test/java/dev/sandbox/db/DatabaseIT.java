package dev.sandbox.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Migrations, API keys and the sandbox mirror against a real PostgreSQL server. */
class DatabaseIT {
    private static EmbeddedPostgresServer postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "test");
        assertThat(Database.migrate(dataSource)).isGreaterThan(0);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
        postgres.close();
    }

    @Test
    void migratingTwiceDoesNothing() {
        assertThat(Database.migrate(dataSource)).isZero();
    }

    @Test
    void apiKeysAreStoredHashedAndResolveToTheirTenant() throws Exception {
        ApiKeys keys = new ApiKeys(dataSource);
        keys.ensureTenant("acme", "Acme");
        keys.ensureTenant("acme", "Acme again");
        String key = keys.create("acme", "ci");
        assertThat(key).matches(ApiKeys.KEY_FORMAT);
        assertThat(keys.tenantFor(key)).contains("acme");
        assertThat(keys.tenantFor("sbx_" + "A".repeat(40))).isEmpty();
        assertThat(keys.tenantFor("not-a-key")).isEmpty();
        assertThat(keys.tenantFor(null)).isEmpty();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select key_hash, key_prefix from api_keys")) {
            while (r.next()) {
                assertThat(r.getString(1)).doesNotContain(key).hasSize(64);
                assertThat(r.getString(2)).hasSize(8);
            }
        }
        keys.revoke(key);
        assertThat(keys.tenantFor(key)).isEmpty();
    }

    @Test
    void mirrorRowsSurviveDeletionAndHistoryIsOrdered() throws Exception {
        SandboxRecords records = new SandboxRecords(dataSource);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SandboxRecord row = new SandboxRecord(
                "uid-1",
                "default",
                "sbx-a",
                "acme",
                "busybox",
                "local",
                "Running",
                "Started",
                "running",
                "c1",
                0,
                "{\"image\":\"busybox\"}",
                "{}",
                created,
                null);
        records.upsert(row);
        records.upsert(row);
        records.appendEvent(new SandboxEventRecord(
                "uid-1", "default", "sbx-a", "Created", "Creating", null, null, "local", created));
        records.appendEvent(new SandboxEventRecord(
                "uid-1", "default", "sbx-a", "Started", "Running", "Started", null, "local", created));
        records.markDeleted("uid-1", created.plusSeconds(5));
        // A late mirror write after deletion must not revive the row.
        records.upsert(row);
        SandboxRecord found = records.find("uid-1").orElseThrow();
        assertThat(found.deletedAt()).isEqualTo(created.plusSeconds(5));
        assertThat(found.createdAt()).isEqualTo(created);
        assertThat(records.history("uid-1"))
                .extracting(SandboxEventRecord::type)
                .containsExactly("Created", "Started");
    }
}
