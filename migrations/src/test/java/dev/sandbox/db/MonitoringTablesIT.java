package dev.sandbox.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.client.ResourceUse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Usage samples, activity times and the stale-record query against a real PostgreSQL server. */
class MonitoringTablesIT {
    private static EmbeddedPostgresServer postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "monitoring-test");
        Database.migrate(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
        postgres.close();
    }

    static UsageSampleRecord sample(String uid, Instant at, double cpu) {
        return new UsageSampleRecord(uid, "n1", at, new ResourceUse(cpu, 1000, 4000, 3, 10, 20, 30, 40));
    }

    @Test
    void samplesArePagedOldestFirstAndPrunedByAge() throws Exception {
        UsageSamples samples = new UsageSamples(dataSource);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);
        samples.insert(List.of(
                sample("u-s", t0, 1),
                sample("u-s", t0.plusSeconds(10), 2),
                sample("u-s", t0.plusSeconds(20), 3),
                sample("u-other", t0.plusSeconds(5), 9)));
        samples.insert(List.of());

        List<UsageSampleRecord> firstPage = samples.after("u-s", t0.minusSeconds(1), 2);
        assertThat(firstPage).extracting(r -> r.use().cpuPercent()).containsExactly(1.0, 2.0);
        assertThat(firstPage.get(0)).isEqualTo(sample("u-s", t0, 1));
        assertThat(samples.after("u-s", firstPage.get(1).sampledAt(), 2))
                .extracting(r -> r.use().cpuPercent())
                .containsExactly(3.0);

        assertThat(samples.pruneBefore(t0.plusSeconds(10))).isEqualTo(2);
        assertThat(samples.after("u-s", Instant.EPOCH, 10))
                .extracting(r -> r.use().cpuPercent())
                .containsExactly(2.0, 3.0);
        assertThat(samples.after("u-other", Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void activityNeverMovesBackwardsAndIsForgottenWithDeletedSandboxes() throws Exception {
        SandboxActivity activity = new SandboxActivity(dataSource);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        activity.record(
                List.of(new ActivityRecord("u-a", "default", "a", t), new ActivityRecord("u-b", "default", "b", t)));
        activity.record(List.of(new ActivityRecord("u-a", "default", "a", t.minusSeconds(30))));
        activity.record(List.of(new ActivityRecord("u-b", "default", "b", t.plusSeconds(30))));
        assertThat(activity.lastActivity(List.of("u-a", "u-b", "u-none")))
                .isEqualTo(Map.of("u-a", t, "u-b", t.plusSeconds(30)));
        assertThat(activity.lastActivity(List.of())).isEmpty();

        SandboxRecords records = new SandboxRecords(dataSource);
        records.upsert(new SandboxRecord(
                "u-a", "default", "a", "t", "img", "n1", "Running", null, null, null, 0, "{}", null, t, null));
        records.markDeleted("u-a", t);
        assertThat(activity.pruneDeleted()).isEqualTo(1);
        assertThat(activity.lastActivity(List.of("u-a", "u-b"))).containsOnlyKeys("u-b");
    }

    @Test
    void liveRowsOfANodeWrittenBeforeAGivenTime() throws Exception {
        SandboxRecords records = new SandboxRecords(dataSource);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        records.upsert(new SandboxRecord(
                "u-live", "default", "l", "t", "img", "node-x", "Running", null, null, null, 0, "{}", null, created,
                null));
        records.upsert(new SandboxRecord(
                "u-gone", "default", "g", "t", "img", "node-x", "Running", null, null, null, 0, "{}", null, created,
                null));
        records.upsert(new SandboxRecord(
                "u-elsewhere",
                "default",
                "e",
                "t",
                "img",
                "node-y",
                "Running",
                null,
                null,
                null,
                0,
                "{}",
                null,
                created,
                null));
        records.markDeleted("u-gone", created);
        Instant later = Instant.now().plusSeconds(1);
        assertThat(records.liveOnNode("node-x", later))
                .extracting(SandboxRecord::uid)
                .containsExactly("u-live");
        assertThat(records.liveOnNode("node-x", created.minusSeconds(60))).isEmpty();
    }
}
