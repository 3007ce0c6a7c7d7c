package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxActivity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Activity is noted in memory, written in batches, kept through a database outage and flushed at close. */
class ActivityRecorderIT {

    static Sandbox sandbox(String name, String uid) {
        Sandbox s = new Sandbox();
        s.setMetadata(new ObjectMetaBuilder()
                .withNamespace("default")
                .withName(name)
                .withUid(uid)
                .build());
        return s;
    }

    @Test
    void manyCallsBecomeOneRowPerSandboxAndSurviveAnOutage() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
                HikariDataSource real =
                        Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "activity")) {
            Database.migrate(real);
            AtomicBoolean down = new AtomicBoolean();
            AtomicInteger connections = new AtomicInteger();
            // A data source that can be switched off, and counts how often it is used.
            DataSource switchable = (DataSource) Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            if (down.get()) {
                                throw new SQLException("database is down");
                            }
                            connections.incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            SandboxActivity stored = new SandboxActivity(real);
            List<ActivityKind> counted = new CopyOnWriteArrayList<>();
            ActivityRecorder recorder =
                    new ActivityRecorder(new SandboxActivity(switchable), Duration.ofMillis(200), counted::add);

            Sandbox a = sandbox("a", "uid-a");
            Sandbox b = sandbox("b", "uid-b");
            Instant before = Instant.now();
            for (int i = 0; i < 1000; i++) {
                recorder.record(a, ActivityKind.EXEC);
            }
            recorder.record(b, ActivityKind.PREVIEW);
            // Each call is counted by its kind, and the last kind per sandbox is kept.
            assertThat(counted).hasSize(1001).endsWith(ActivityKind.PREVIEW);
            assertThat(recorder.lastActivity("a").orElseThrow().kind()).isEqualTo(ActivityKind.EXEC);
            assertThat(recorder.lastActivity("b").orElseThrow().kind()).isEqualTo(ActivityKind.PREVIEW);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> stored.lastActivity(List.of("uid-a", "uid-b")).size() == 2);
            // A thousand calls cost a handful of batched writes, not a thousand.
            assertThat(connections.get()).isLessThan(5);
            assertThat(stored.lastActivity(List.of("uid-a")).get("uid-a")).isAfterOrEqualTo(before.minusMillis(1));

            down.set(true);
            recorder.record(a, ActivityKind.EXEC);
            Instant duringOutage = Instant.now();
            await().pollDelay(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            assertThat(stored.lastActivity(List.of("uid-a")).get("uid-a")).isBefore(duringOutage);
            down.set(false);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            !stored.lastActivity(List.of("uid-a")).get("uid-a").isBefore(duringOutage.minusMillis(50)));

            // What is noted just before close is written by close.
            Sandbox c = sandbox("c", "uid-c");
            recorder.record(c, ActivityKind.EXEC);
            recorder.close();
            assertThat(stored.lastActivity(List.of("uid-c", "uid-none"))).containsOnlyKeys("uid-c");
        }
    }
}
