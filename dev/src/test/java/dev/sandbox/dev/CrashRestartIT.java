package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code kill -9} of dev mode, the next start on the same state directory stops the PostgreSQL server the killed
 * one left running, removes the killed run's containers, networks and volumes, marks its sandboxes deleted, and writes
 * each of these removals to the history.
 */
class CrashRestartIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    Path home;

    @Test
    void aStartAfterKillMinusNineTakesOverAndCleansUpWhatTheKilledRunLeft() throws Exception {
        Path state = home.resolve("state");
        List<String> uids = new ArrayList<>();
        ProcessHandle orphanedPostgres;
        String installation;
        try (DevModeProcess dev = DevModeProcess.start(state)) {
            installation = dev.installation();
            Rest rest = dev.rest();
            for (int i = 0; i < 2; i++) {
                // With a port, so that each sandbox also has a network of its own.
                Rest.Answer a = rest.post(
                        "/v1/sandboxes?wait=true",
                        "{\"image\": \"" + IMAGE
                                + "\", \"command\": \"httpd -f -p 8080 -h /workspace\", \"ports\": [{\"internal\": 8080}]}");
                assertThat(a.status()).as(a.raw()).isEqualTo(201);
                uids.add(ShutdownIT.uidOf(rest, a.body().get("id").asText()));
            }
            orphanedPostgres = dev.postgres().orElseThrow();
            dev.signal("KILL");
            await().atMost(Duration.ofSeconds(10)).until(() -> !dev.alive());
            // What the issue describes: the database outlives the killed JVM, and so do the sandboxes' Docker objects.
            assertThat(orphanedPostgres.isAlive()).isTrue();
            for (String uid : uids) {
                assertThat(DockerCli.exists("container", SandboxNames.container(uid)))
                        .isTrue();
                assertThat(DockerCli.exists("network", SandboxNames.network(uid)))
                        .isTrue();
            }

            DevSettings again = new DevSettings(
                    state, 0, "127.0.0.1", 0, "unix:///var/run/docker.sock", "local", true, 0, "http://preview.test");
            try (DevStack restarted = DevStack.start(again)) {
                assertThat(restarted.installation()).isEqualTo(installation);
                assertThat(orphanedPostgres.isAlive())
                        .as("the killed run's PostgreSQL was stopped")
                        .isFalse();
                for (String uid : uids) {
                    assertThat(DockerCli.exists("container", SandboxNames.container(uid)))
                            .isFalse();
                    assertThat(DockerCli.exists("network", SandboxNames.network(uid)))
                            .isFalse();
                    assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid)))
                            .isFalse();
                    SandboxRecords records = new SandboxRecords(restarted.dataSource());
                    assertThat(records.find(uid).orElseThrow().deletedAt()).isNotNull();
                    List<SandboxEventRecord> history = records.history(uid);
                    assertThat(history)
                            .filteredOn(e -> e.type().equals("LeftoverRemoved"))
                            .extracting(SandboxEventRecord::message)
                            .anyMatch(m -> m.contains("container " + SandboxNames.container(uid)))
                            .anyMatch(m -> m.contains("network " + SandboxNames.network(uid)))
                            .anyMatch(m -> m.contains("volume " + SandboxNames.workspaceVolume(uid)));
                    assertThat(history)
                            .filteredOn(e -> e.type().equals("Deleted"))
                            .hasSize(1);
                }
                // And it works: a new sandbox runs.
                Rest rest2 = new Rest(restarted.gatewayUrl(), restarted.apiKey());
                assertThat(rest2.post("/v1/sandboxes?wait=true", "{\"image\": \"" + IMAGE + "\"}")
                                .status())
                        .isEqualTo(201);
            }
        }
    }
}
