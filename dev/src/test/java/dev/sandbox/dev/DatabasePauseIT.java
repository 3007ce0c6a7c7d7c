package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.db.UsageSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL frozen (SIGSTOP) for 20 seconds under load, then resumed: calls that need no database (exec, status,
 * creating a sandbox) are served all along, calls that do (usage history) answer 503 within seconds, and afterwards
 * no history row of what happened meanwhile and no usage sample taken meanwhile is missing.
 */
class DatabasePauseIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "pgpause-" + UUID.randomUUID().toString().substring(0, 6)),
                c -> c.withMonitoring(c.monitoring()
                        .withSampling(Duration.ofSeconds(1), c.monitoring().statusInterval())),
                g -> g);
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String create() {
        Rest.Answer a = rest.post("/v1/sandboxes?wait=true", "{\"image\": \"" + IMAGE + "\"}");
        assertThat(a.status()).as(a.raw()).isEqualTo(201);
        return a.body().get("id").asText();
    }

    static String uid(String id) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
    }

    /** The postmaster and its children, read from the data directory's postmaster.pid. */
    static List<String> postgresProcesses() throws Exception {
        String dataDirectory;
        try (Connection c = stack.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select setting from pg_settings where name = 'data_directory'")) {
            r.next();
            dataDirectory = r.getString(1);
        }
        String postmaster = Files.readAllLines(Path.of(dataDirectory, "postmaster.pid"))
                .get(0)
                .trim();
        List<String> pids = new ArrayList<>(List.of(postmaster));
        pids.addAll(DockerCli.run("pgrep", "-P", postmaster)
                .output()
                .lines()
                .filter(l -> !l.isBlank())
                .toList());
        return pids;
    }

    static void signal(String signal, List<String> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        DockerCli.run(command.toArray(String[]::new));
    }

    @Test
    void callsThatNeedNoDatabaseAreServedAndNothingIsLostWhilePostgresIsFrozen() throws Exception {
        String running = create();
        String toStop = create();
        assertThat(rest.get("/v1/sandboxes/" + running).status()).isEqualTo(200);
        List<String> pids = postgresProcesses();
        Instant frozenAt = Instant.now();
        signal("STOP", pids);
        String createdMeanwhile;
        try {
            // Calls that need no database, again and again for 20 s: each one is served.
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Rest.Answer stopped = rest.post("/v1/sandboxes/" + toStop + "/stop?wait=true", "");
            assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
            createdMeanwhile = create();
            long slowest = 0;
            int served = 0;
            while (System.nanoTime() < until) {
                long t0 = System.nanoTime();
                Rest.Answer exec = rest.post("/v1/sandboxes/" + running + "/exec", "{\"command\": \"echo alive\"}");
                assertThat(exec.status()).as(exec.raw()).isEqualTo(200);
                assertThat(rest.get("/v1/sandboxes/" + running).status()).isEqualTo(200);
                slowest = Math.max(slowest, System.nanoTime() - t0);
                served++;
                // One that needs the database: refused quickly instead of hanging.
                if (served % 10 == 1) {
                    long u0 = System.nanoTime();
                    Rest.Answer usage = rest.get("/v1/sandboxes/" + running + "/usage");
                    assertThat(usage.status()).as(usage.raw()).isEqualTo(503);
                    assertThat(Duration.ofNanos(System.nanoTime() - u0)).isLessThan(Duration.ofSeconds(8));
                }
            }
            assertThat(Duration.ofNanos(slowest))
                    .as("slowest exec + status while PostgreSQL was frozen")
                    .isLessThan(Duration.ofSeconds(3));
        } finally {
            signal("CONT", pids);
        }
        Instant resumedAt = Instant.now();

        // Afterwards: the history of what happened meanwhile, and a usage sample for every second of the pause.
        SandboxRecords records = new SandboxRecords(stack.dataSource());
        UsageSamples usage = new UsageSamples(stack.dataSource());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(records.history(uid(toStop)))
                    .extracting(SandboxEventRecord::phase)
                    .contains("Stopped");
            assertThat(records.history(uid(createdMeanwhile)))
                    .extracting(SandboxEventRecord::type)
                    .contains("Created");
            assertThat(records.history(uid(createdMeanwhile)))
                    .extracting(SandboxEventRecord::phase)
                    .contains("Running");
            List<Instant> times = usage.after(uid(running), frozenAt.minusSeconds(2), 1000).stream()
                    .map(UsageSampleRecord::sampledAt)
                    .filter(t -> t.isBefore(resumedAt))
                    .sorted()
                    .toList();
            assertThat(times).as("usage samples during the pause").hasSizeGreaterThanOrEqualTo(15);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                        .as("gap in the usage samples")
                        .isLessThan(Duration.ofSeconds(4));
            }
        });
        assertThat(rest.get("/v1/sandboxes/" + running + "/usage").status()).isEqualTo(200);
    }
}
