package dev.sandbox.operator.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes made while PostgreSQL is down wait, and arrive once it is back. */
class MirrorOutageIT {
    @TempDir
    Path data;

    @Test
    void catchesUpAfterAnOutage() throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0);
        int port = postgres.port();
        try (HikariDataSource dataSource =
                Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "outage")) {
            Database.migrate(dataSource);
            PostgresSandboxMirror mirror = new PostgresSandboxMirror(dataSource);
            Sandbox sandbox = new Sandbox();
            sandbox.setMetadata(new ObjectMetaBuilder()
                    .withName("s")
                    .withNamespace("default")
                    .withUid("uid-outage")
                    .withCreationTimestamp("2026-01-01T00:00:00Z")
                    .build());
            SandboxSpec spec = new SandboxSpec();
            spec.setImage("busybox");
            sandbox.setSpec(spec);

            postgres.close();
            long started = System.nanoTime();
            mirror.record(sandbox);
            mirror.transition(sandbox, "Created", "Created", "made while the database was down");
            mirror.transition(sandbox, "Running", "Started", "still down");
            // The calls return at once; the writes wait.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> mirror.pendingWrites() == 3);

            postgres = EmbeddedPostgresServer.start(data, port);
            assertThat(mirror.drain(Duration.ofSeconds(30))).isTrue();
            SandboxRecords records = new SandboxRecords(dataSource);
            assertThat(records.find("uid-outage")).isPresent();
            assertThat(records.history("uid-outage"))
                    .extracting(SandboxEventRecord::type)
                    .containsExactly("Created", "Running");
            mirror.close();
        } finally {
            postgres.close();
        }
    }
}
