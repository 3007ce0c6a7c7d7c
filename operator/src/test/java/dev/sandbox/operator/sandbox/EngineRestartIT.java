package dev.sandbox.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.SandboxOperator;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Docker engine restarts under running sandboxes: status says so meanwhile, and afterwards they run again. It stops
 * and starts the machine's dockerd (as bin/sandbox starts it). It is part of the default test run wherever it can do
 * that: as root, with a dockerd process of its own (not one managed by systemd or a desktop application). Set
 * SANDBOX_ENGINE_RESTART_TEST=false to leave it out on a machine whose engine others are using.
 */
@EnableKubernetesMockClient(crud = true)
class EngineRestartIT {
    static KubernetesClient client;

    static boolean engineUp() {
        try {
            Process p = new ProcessBuilder("docker", "info")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Root, a dockerd process to stop, and no systemd unit that would restart it behind the test's back. */
    static boolean canRestartEngine() {
        try {
            Process p = new ProcessBuilder(
                            "sh",
                            "-c",
                            "[ \"$(id -u)\" = 0 ] && pidof dockerd >/dev/null && command -v dockerd >/dev/null"
                                    + " && ! (command -v systemctl >/dev/null && systemctl is-active --quiet docker 2>/dev/null)")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void shell(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sandboxesComeBackAfterAnEngineRestart() throws Exception {
        assumeTrue(
                !"false".equals(System.getenv("SANDBOX_ENGINE_RESTART_TEST")),
                "left out: SANDBOX_ENGINE_RESTART_TEST=false");
        assumeTrue(
                canRestartEngine(),
                "restarting the Docker engine needs root and a dockerd started outside systemd (as bin/sandbox does)");
        for (String crd : List.of(
                "sandboxes.sandbox.dev-v1.yml",
                "networkvolumes.sandbox.dev-v1.yml",
                "networkvolumeclasses.sandbox.dev-v1.yml")) {
            try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
        String node = "engine-" + UUID.randomUUID().toString().substring(0, 6);
        OperatorConfig config = OperatorConfig.defaults()
                .withInstallation(InstallationIdentity.newId())
                .withNodeName(node)
                .withResyncInterval(Duration.ofSeconds(2));
        config = config.withMonitoring(config.monitoring().withHttp("127.0.0.1", 0))
                .withAgent(0, OperatorConfig.randomToken());
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
                HikariDataSource dataSource =
                        Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "engine");
                DockerContainerRuntime runtime = new DockerContainerRuntime("unix:///var/run/docker.sock");
                PostgresSandboxMirror mirror = new PostgresSandboxMirror(dataSource);
                SandboxOperator operator = new SandboxOperator(client, runtime, mirror, dataSource, config, false)) {
            Database.migrate(dataSource);
            operator.start();
            Sandbox s = new Sandbox();
            s.setMetadata(new ObjectMetaBuilder()
                    .withName("survivor")
                    .withNamespace("default")
                    .build());
            SandboxSpec spec = new SandboxSpec();
            spec.setImage("sandbox-busybox:local");
            s.setSpec(spec);
            String uid = client.resource(s).create().getMetadata().getUid();
            await().atMost(Duration.ofSeconds(30)).until(() -> phase() == SandboxPhase.Running);
            String containerId = get().getStatus().getContainerId();
            try {
                shell("kill -TERM $(pidof dockerd)");
                await().atMost(Duration.ofSeconds(60)).until(() -> !engineUp());
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                "EngineUnavailable".equals(get().getStatus().getReason()));
                assertThat(get().getStatus().getPhase()).isEqualTo(SandboxPhase.Pending);
            } finally {
                shell("(setsid nohup dockerd > /var/log/sandbox-dockerd.log 2>&1 &)");
                await().atMost(Duration.ofSeconds(90)).until(EngineRestartIT::engineUp);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> phase() == SandboxPhase.Running);
            assertThat(get().getStatus().getContainerId()).isEqualTo(containerId);
            assertThat(runtime.inspect(SandboxNames.container(uid))
                            .orElseThrow()
                            .running())
                    .isTrue();
            client.resource(get()).delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> get() == null);
        }
    }

    static Sandbox get() {
        return client.resources(Sandbox.class)
                .inNamespace("default")
                .withName("survivor")
                .get();
    }

    static SandboxPhase phase() {
        Sandbox s = get();
        return s == null || s.getStatus() == null ? null : s.getStatus().getPhase();
    }
}
