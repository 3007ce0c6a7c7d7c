package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode started in the background by a script (SIGINT ignored) stops in order on SIGINT and on SIGTERM: every
 * sandbox deleted through the operator with its Deleted row in the history, nothing of this run left on the engine,
 * PostgreSQL stopped last, and all of it well within 15 seconds with 20 sandboxes.
 */
class ShutdownIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    Path home;

    @Test
    void sigintStopsADevModeStartedInTheBackgroundWithTwentySandboxesInOrder() throws Exception {
        stopsInOrder("INT", 20);
    }

    @Test
    void sigtermStopsItInOrderToo() throws Exception {
        stopsInOrder("TERM", 3);
    }

    void stopsInOrder(String signal, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        Map<String, String> uids = new HashMap<>();
        String installation;
        try (DevModeProcess dev = DevModeProcess.start(home.resolve("state"))) {
            installation = dev.installation();
            Rest rest = dev.rest();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> created = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    created.add(pool.submit(() -> {
                        Rest.Answer a = rest.post(
                                "/v1/sandboxes?wait=true&waitTimeoutSeconds=120", "{\"image\": \"" + IMAGE + "\"}");
                        assertThat(a.status()).as(a.raw()).isEqualTo(201);
                        return a.body().get("id").asText();
                    }));
                }
                for (Future<String> f : created) {
                    ids.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            for (String id : ids) {
                uids.put(id, uidOf(rest, id));
            }
            assertThat(containers(installation)).hasSize(count);

            long begin = System.nanoTime();
            dev.signal(signal);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !dev.alive());
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertThat(took)
                    .as("shutdown took %s; output:%n%s", took, dev.output())
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(dev.postgres()).as("PostgreSQL is stopped with dev mode").isEmpty();
            assertThat(dev.output()).contains("deleted " + count + " sandboxes");
        }
        assertThat(containers(installation)).isEmpty();
        assertThat(DockerCli.run(
                                "docker",
                                "volume",
                                "ls",
                                "-q",
                                "--filter",
                                "label=sandbox.dev/installation=" + installation)
                        .output())
                .isBlank();

        // The history, read from the data dev mode left behind: each sandbox's deletion was written before PostgreSQL
        // stopped.
        try (EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(home.resolve("state").resolve("postgres"), 0);
                HikariDataSource db =
                        Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "check")) {
            SandboxRecords records = new SandboxRecords(db);
            for (String id : ids) {
                String uid = uids.get(id);
                List<SandboxEventRecord> history = records.history(uid);
                assertThat(history)
                        .as("history of %s", id)
                        .extracting(SandboxEventRecord::type)
                        .containsOnlyOnce("Deleted");
                assertThat(history)
                        .filteredOn(e -> e.type().equals("Deleted"))
                        .extracting(SandboxEventRecord::reason)
                        .containsExactly("Deleted");
                assertThat(records.find(uid).orElseThrow().deletedAt()).isNotNull();
            }
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select count(*) from sandboxes where deleted_at is null")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
        }
    }

    static String uidOf(Rest rest, String id) {
        Rest.Answer a = rest.get("/v1/sandboxes/" + id);
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        return a.body().path("uid").asText(null) != null
                ? a.body().path("uid").asText()
                : DockerCli.inspect(
                                "container",
                                "inspect",
                                a.body().path("containerId").asText())
                        .get("Config")
                        .get("Labels")
                        .get("sandbox.dev/uid")
                        .asText();
    }

    static List<String> containers(String installation) {
        return DockerCli.run("docker", "ps", "-aq", "--filter", "label=sandbox.dev/installation=" + installation)
                .output()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
