package dev.sandbox.operator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.ActivityRecord;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxActivity;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.CleanupConfig;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.SandboxOperator;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idle stop and delete, the orphan sweep and stale records, against real Docker and PostgreSQL, on short timeouts. */
@EnableKubernetesMockClient(crud = true)
class CleanupIT {
    static final String IMAGE = "sandbox-busybox:local";
    static KubernetesClient client;
    static EmbeddedPostgresServer postgres;
    static HikariDataSource dataSource;
    static DockerContainerRuntime runtime;

    OperatorConfig config;
    PostgresSandboxMirror mirror;
    SandboxOperator operator;
    final List<String[]> handMade = new ArrayList<>();

    @BeforeAll
    static void startInfrastructure() throws Exception {
        for (String crd : List.of(
                "sandboxes.sandbox.dev-v1.yml",
                "networkvolumes.sandbox.dev-v1.yml",
                "networkvolumeclasses.sandbox.dev-v1.yml")) {
            try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "cleanup-it");
        Database.migrate(dataSource);
        runtime = new DockerContainerRuntime("unix:///var/run/docker.sock");
        runtime.ensureImage(IMAGE);
    }

    @AfterAll
    static void stopInfrastructure() {
        runtime.close();
        dataSource.close();
        postgres.close();
    }

    /** A fresh node name with short clean-up timings; the operator is started by {@link #startOperator()}. */
    void configure(Duration idleTimeout, Duration deleteAfter) {
        // A short stop timeout: `sleep` as PID 1 ignores SIGTERM, so every stop waits for the SIGKILL.
        // An installation of its own, known before the operator starts: the clean-up below selects by it.
        config = OperatorConfig.fromEnvironment(Map.of(
                "SANDBOX_NODE_NAME",
                "clean-" + UUID.randomUUID().toString().substring(0, 8),
                "SANDBOX_STOP_TIMEOUT_SECONDS",
                "1",
                "SANDBOX_INSTALLATION_ID",
                InstallationIdentity.newId()));
        config = config.withMonitoring(config.monitoring().withHttp("127.0.0.1", 0))
                .withCleanup(
                        new CleanupConfig(Duration.ofMillis(500), idleTimeout, deleteAfter, Duration.ofSeconds(2)));
        mirror = new PostgresSandboxMirror(dataSource);
    }

    void startOperator() {
        operator = new SandboxOperator(client, runtime, mirror, dataSource, config, false);
        operator.start();
    }

    @AfterEach
    void cleanUp() {
        client.resources(Sandbox.class)
                .inAnyNamespace()
                .list()
                .getItems()
                .forEach(s -> client.resource(s).delete());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(Sandbox.class)
                        .inAnyNamespace()
                        .list()
                        .getItems()
                        .isEmpty());
        operator.close();
        mirror.close();
        for (ContainerState c : runtime.list(SandboxNames.nodeSelector(config.installation(), config.nodeName()))) {
            runtime.remove(c.id());
        }
        runtime.listNetworks(SandboxNames.nodeSelector(config.installation(), config.nodeName()))
                .forEach(n -> runtime.removeNetwork(n.name()));
        runtime.listVolumes(SandboxNames.nodeSelector(config.installation(), config.nodeName()))
                .forEach(runtime::removeVolume);
        for (String[] object : handMade) {
            docker(object[0], "rm", "-f", object[1]);
        }
    }

    static Sandbox sandbox(String name) {
        Sandbox s = new Sandbox();
        s.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(IMAGE);
        spec.setCommand(List.of("sleep", "600"));
        spec.getResources().setMemory("32m");
        s.setSpec(spec);
        return s;
    }

    static Sandbox get(String name) {
        return client.resources(Sandbox.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    Sandbox awaitRunning(String name) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(name) != null
                        && get(name).getStatus() != null
                        && get(name).getStatus().getPhase() == SandboxPhase.Running);
        return get(name);
    }

    List<String> history(String uid) throws Exception {
        return new SandboxRecords(dataSource)
                .history(uid).stream().map(SandboxEventRecord::type).toList();
    }

    static List<Event> events(String uid) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> uid.equals(e.getInvolvedObject().getUid()))
                .toList();
    }

    String metric(String action) {
        String prefix = "sandbox_cleanup_actions_total{action=\"" + action + "\",node=\"" + config.nodeName() + "\"} ";
        return operator.metrics()
                .scrape()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst()
                .orElse("absent");
    }

    record Result(int exitCode, String output) {}

    static Result docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Result(
                    p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean exists(String kind, String name) {
        return docker(kind, "inspect", name).exitCode() == 0;
    }

    @Test
    void anIdleSandboxIsStoppedAndLaterDeletedWhileAnActiveOneIsNot() throws Exception {
        configure(Duration.ofSeconds(4), Duration.ofSeconds(4));
        startOperator();
        client.resource(sandbox("idle")).create();
        client.resource(sandbox("active")).create();
        Sandbox exempt = sandbox("exempt");
        exempt.getSpec().setIdleTimeoutSeconds(0L);
        client.resource(exempt).create();
        String idleUid = awaitRunning("idle").getMetadata().getUid();
        Sandbox active = awaitRunning("active");
        awaitRunning("exempt");

        // The gateway records activity; here the test plays the gateway for "active" every half second.
        SandboxActivity activity = new SandboxActivity(dataSource);
        ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> playing = caller.scheduleAtFixedRate(
                () -> {
                    try {
                        activity.record(List.of(
                                new ActivityRecord(active.getMetadata().getUid(), "default", "active", Instant.now())));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                0,
                500,
                TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> get("idle").getSpec().getDesiredState() == DesiredState.Stopped);
            Sandbox stopped = get("idle");
            assertThat(IdlePolicy.idleStoppedAt(stopped)).isPresent();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> get("idle").getStatus().getPhase() == SandboxPhase.Stopped);
            assertThat(runtime.inspect(SandboxNames.container(idleUid))
                            .orElseThrow()
                            .running())
                    .isFalse();

            await().atMost(Duration.ofSeconds(20)).until(() -> get("idle") == null);
            assertThat(runtime.inspect(SandboxNames.container(idleUid))).isEmpty();
            assertThat(mirror.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(history(idleUid)).containsSubsequence("IdleStopped", "Stopped", "IdleDeleted", "Deleted");
            assertThat(events(idleUid)).extracting(Event::getReason).contains("IdleTimeout");
            assertThat(metric("idle_stop")).isEqualTo("1.0");
            assertThat(metric("idle_delete")).isEqualTo("1.0");

            // Well past the idle timeout, the active and the exempt sandbox still run.
            for (String name : List.of("active", "exempt")) {
                Sandbox s = get(name);
                assertThat(s.getSpec().getDesiredState()).as(name).isEqualTo(DesiredState.Running);
                assertThat(s.getStatus().getPhase()).as(name).isEqualTo(SandboxPhase.Running);
                assertThat(IdlePolicy.idleStoppedAt(s)).as(name).isEmpty();
            }
            // A failed recording would have ended the schedule, and "active" would have been idle after all.
            assertThat(playing.isDone())
                    .as("recording activity for 'active' ended")
                    .isFalse();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void anOperatorRestartInTheIdleWindowNeitherResetsNorForgetsTheIdleClock() throws Exception {
        Duration timeout = Duration.ofSeconds(8);
        configure(timeout, Duration.ZERO);
        startOperator();
        client.resource(sandbox("sleepy")).create();
        Sandbox running = awaitRunning("sleepy");

        // Some activity a little after the start moves the clock; then the operator restarts well inside the window.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        Instant lastActivity = Instant.now();
        new SandboxActivity(dataSource)
                .record(List.of(new ActivityRecord(running.getMetadata().getUid(), "default", "sleepy", lastActivity)));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        operator.close();
        Instant restartedAt = Instant.now();
        startOperator();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("sleepy").getSpec().getDesiredState() == DesiredState.Stopped);
        Instant stoppedAt = IdlePolicy.idleStoppedAt(get("sleepy")).orElseThrow();
        // Not forgotten: the activity recorded before the restart still counts. Not reset: the restart does not restart
        // the clock.
        assertThat(stoppedAt).isAfterOrEqualTo(lastActivity.plus(timeout));
        assertThat(stoppedAt).isBefore(restartedAt.plus(timeout));
        // With deletion off, it stays.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> get("sleepy") != null);
    }

    @Test
    void orphanedContainersVolumesAndNetworksAreRemovedAndUnlabelledOnesAreNot() throws Exception {
        configure(Duration.ZERO, Duration.ZERO);
        startOperator();
        String ghostUid = UUID.randomUUID().toString();
        String suffix = ghostUid.substring(0, 8);
        List<String> ours = List.of(
                "--label",
                "sandbox.dev/managed-by=sandbox-operator",
                "--label",
                "sandbox.dev/node=" + config.nodeName(),
                "--label",
                "sandbox.dev/installation=" + config.installation(),
                "--label",
                "sandbox.dev/namespace=default",
                "--label",
                "sandbox.dev/name=ghost",
                "--label",
                "sandbox.dev/uid=" + ghostUid);
        // The same, made by another installation sharing this engine (another dev mode, a test run): never ours to
        // remove.
        List<String> theirs = List.of(
                "--label",
                "sandbox.dev/managed-by=sandbox-operator",
                "--label",
                "sandbox.dev/node=" + config.nodeName(),
                "--label",
                "sandbox.dev/installation=" + InstallationIdentity.newId(),
                "--label",
                "sandbox.dev/namespace=default",
                "--label",
                "sandbox.dev/name=ghost",
                "--label",
                "sandbox.dev/uid=" + ghostUid);
        String orphanContainer = "orphan-" + suffix;
        String orphanVolume = "orphan-vol-" + suffix;
        String orphanNetwork = "orphan-net-" + suffix;
        run("docker", "volume", "create", ours, "--label", "sandbox.dev/role=workspace", orphanVolume);
        run("docker", "network", "create", ours, "--label", "sandbox.dev/role=network", orphanNetwork);
        run(
                "docker",
                "run",
                "-d",
                "--name",
                orphanContainer,
                ours,
                "--label",
                "sandbox.dev/role=sandbox",
                "--mount",
                "type=volume,source=" + orphanVolume + ",target=/workspace",
                IMAGE,
                "sleep",
                "600");
        // Not ours: no labels at all, or only some of ours (no owner), or another node's.
        String plain = "plain-" + suffix;
        String partial = "partial-" + suffix;
        String otherNode = "othernode-" + suffix;
        run("docker", "run", "-d", "--name", plain, IMAGE, "sleep", "600");
        run(
                "docker",
                "run",
                "-d",
                "--name",
                partial,
                "--label",
                "sandbox.dev/managed-by=sandbox-operator",
                "--label",
                "sandbox.dev/node=" + config.nodeName(),
                "--label",
                "sandbox.dev/role=sandbox",
                IMAGE,
                "sleep",
                "600");
        run(
                "docker",
                "run",
                "-d",
                "--name",
                otherNode,
                "--label",
                "sandbox.dev/managed-by=sandbox-operator",
                "--label",
                "sandbox.dev/node=elsewhere",
                "--label",
                "sandbox.dev/namespace=default",
                "--label",
                "sandbox.dev/name=ghost",
                "--label",
                "sandbox.dev/uid=" + ghostUid,
                "--label",
                "sandbox.dev/role=sandbox",
                IMAGE,
                "sleep",
                "600");
        String otherInstallation = "otherinst-" + suffix;
        run("docker", "volume", "create", theirs, "--label", "sandbox.dev/role=workspace", otherInstallation + "-vol");
        run("docker", "network", "create", theirs, "--label", "sandbox.dev/role=network", otherInstallation + "-net");
        run(
                "docker",
                "run",
                "-d",
                "--name",
                otherInstallation,
                theirs,
                "--label",
                "sandbox.dev/role=sandbox",
                IMAGE,
                "sleep",
                "600");
        handMade.addAll(List.of(
                new String[] {"container", otherInstallation},
                new String[] {"volume", otherInstallation + "-vol"},
                new String[] {"network", otherInstallation + "-net"}));
        run("docker", "volume", "create", "plain-vol-" + suffix);
        handMade.addAll(List.of(
                new String[] {"container", plain},
                new String[] {"container", partial},
                new String[] {"container", otherNode},
                new String[] {"volume", "plain-vol-" + suffix},
                new String[] {"container", orphanContainer},
                new String[] {"volume", orphanVolume},
                new String[] {"network", orphanNetwork}));
        // A real sandbox of this node is left alone too.
        client.resource(sandbox("kept")).create();
        String keptUid = awaitRunning("kept").getMetadata().getUid();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !exists("container", orphanContainer)
                        && !exists("volume", orphanVolume)
                        && !exists("network", orphanNetwork));
        assertThat(exists("container", plain)).isTrue();
        assertThat(exists("container", partial)).isTrue();
        assertThat(exists("container", otherNode)).isTrue();
        assertThat(exists("volume", "plain-vol-" + suffix)).isTrue();
        assertThat(exists("container", otherInstallation)).isTrue();
        assertThat(exists("volume", otherInstallation + "-vol")).isTrue();
        assertThat(exists("network", otherInstallation + "-net")).isTrue();
        assertThat(runtime.inspect(SandboxNames.container(keptUid))
                        .orElseThrow()
                        .running())
                .isTrue();
        assertThat(runtime.listVolumes(Map.of(SandboxNames.UID, keptUid))).hasSize(1);

        assertThat(mirror.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(history(ghostUid)).containsExactlyInAnyOrder("OrphanRemoved", "OrphanRemoved", "OrphanRemoved");
        assertThat(events(ghostUid))
                .extracting(Event::getReason)
                .containsOnly("Orphaned")
                .hasSize(3);
        assertThat(metric("orphan_container")).isEqualTo("1.0");
        assertThat(metric("orphan_volume")).isEqualTo("1.0");
        assertThat(metric("orphan_network")).isEqualTo("1.0");
    }

    @Test
    void whatASandboxDeletedWhileTheOperatorWasDownLeftBehindIsCleanedUp() throws Exception {
        configure(Duration.ZERO, Duration.ZERO);
        startOperator();
        client.resource(sandbox("vanishing")).create();
        String uid = awaitRunning("vanishing").getMetadata().getUid();
        client.resource(sandbox("staying")).create();
        String stayingUid = awaitRunning("staying").getMetadata().getUid();
        assertThat(mirror.drain(Duration.ofSeconds(10))).isTrue();

        // The operator is down while the resource is deleted and its finalizer forced off: nothing cleans up now.
        operator.close();
        client.resources(Sandbox.class)
                .inNamespace("default")
                .withName("vanishing")
                .edit(s -> {
                    s.getMetadata().setFinalizers(List.of());
                    return s;
                });
        client.resources(Sandbox.class)
                .inNamespace("default")
                .withName("vanishing")
                .delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("vanishing") == null);
        assertThat(runtime.inspect(SandboxNames.container(uid))).isPresent();

        startOperator();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> runtime.inspect(SandboxNames.container(uid)).isEmpty()
                        && runtime.listVolumes(Map.of(SandboxNames.UID, uid)).isEmpty());
        SandboxRecords records = new SandboxRecords(dataSource);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> records.find(uid).orElseThrow().deletedAt() != null);
        SandboxRecord staying = records.find(stayingUid).orElseThrow();
        assertThat(staying.deletedAt()).isNull();
        assertThat(mirror.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(history(uid)).contains("OrphanRemoved", "Deleted");
        assertThat(new SandboxRecords(dataSource).history(uid)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("Deleted");
            assertThat(e.reason()).isEqualTo("Vanished");
        });
        assertThat(metric("stale_record")).isEqualTo("1.0");
        assertThat(metric("orphan_container")).isEqualTo("1.0");
    }

    /** Runs a docker command whose arguments may include lists, failing the test when it fails. */
    static void run(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(a -> args.add((String) a));
            } else {
                args.add((String) part);
            }
        }
        Result result = docker(args.subList(1, args.size()).toArray(String[]::new));
        assertThat(result.exitCode())
                .as(String.join(" ", args) + ": " + result.output())
                .isZero();
    }
}
