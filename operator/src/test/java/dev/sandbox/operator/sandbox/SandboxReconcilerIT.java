package dev.sandbox.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.SandboxOperator;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import dev.sandbox.operator.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Sandbox reconciler against a real Docker engine, a real PostgreSQL and an in-memory Kubernetes API. */
@EnableKubernetesMockClient(crud = true)
class SandboxReconcilerIT {
    static final String IMAGE = "sandbox-busybox:local";
    static KubernetesClient client;
    static EmbeddedPostgresServer postgres;
    static HikariDataSource dataSource;
    static DockerContainerRuntime runtime;

    OperatorConfig config;
    PostgresSandboxMirror mirror;
    SandboxOperator operator;

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
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "operator-it");
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

    @BeforeEach
    void startOperator() {
        config = OperatorConfig.defaults()
                .withInstallation(InstallationIdentity.newId())
                .withNodeName("it-" + UUID.randomUUID().toString().substring(0, 8))
                .withAgent(0, OperatorConfig.randomToken());
        config = config.withMonitoring(config.monitoring().withHttp("127.0.0.1", 0));
        mirror = new PostgresSandboxMirror(dataSource);
        operator = new SandboxOperator(client, runtime, mirror, dataSource, config, false);
        operator.start();
    }

    @AfterEach
    void stopOperatorAndCleanUp() {
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
        runtime.listVolumes(SandboxNames.nodeSelector(config.installation(), config.nodeName()))
                .forEach(runtime::removeVolume);
    }

    static Sandbox sandbox(String name, List<String> command) {
        Sandbox s = new Sandbox();
        s.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(IMAGE);
        spec.setCommand(command);
        spec.setEnv(Map.of("GREETING", "hello"));
        s.setSpec(spec);
        return s;
    }

    Sandbox awaitPhase(String name, SandboxPhase phase) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Sandbox s = client.resources(Sandbox.class)
                            .inNamespace("default")
                            .withName(name)
                            .get();
                    return s != null && s.getStatus() != null && s.getStatus().getPhase() == phase;
                });
        return client.resources(Sandbox.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    @Test
    void createsRunsAndDeletesAContainerWithItsWorkspace() throws Exception {
        Sandbox created =
                client.resource(sandbox("life", List.of("sleep", "300"))).create();
        Sandbox running = awaitPhase("life", SandboxPhase.Running);
        String uid = created.getMetadata().getUid();

        assertThat(running.getSpec().getNodeName()).isEqualTo(config.nodeName());
        assertThat(running.getStatus().getContainerName()).isEqualTo(SandboxNames.container(uid));
        assertThat(running.getStatus().getNodeName()).isEqualTo(config.nodeName());
        assertThat(running.getStatus().getObservedGeneration())
                .isEqualTo(running.getMetadata().getGeneration());
        assertThat(running.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(running.getMetadata().getFinalizers()).isNotEmpty();

        ContainerState container = runtime.inspect(SandboxNames.container(uid)).orElseThrow();
        assertThat(container.labels())
                .containsEntry(SandboxNames.UID, uid)
                .containsEntry(SandboxNames.NAME, "life")
                .containsEntry(SandboxNames.NAMESPACE, "default")
                .containsEntry(SandboxNames.MANAGED_BY, SandboxNames.MANAGER);
        assertThat(runtime.listVolumes(Map.of(SandboxNames.UID, uid)))
                .containsExactly(SandboxNames.workspaceVolume(uid));

        // The image runs as uid 1000; the workspace must be writable by it, the root filesystem must not be.
        ExecResult write = runtime.exec(
                container.id(),
                List.of("sh", "-c", "id -u; echo $GREETING > /workspace/f && cat /workspace/f; touch /etc/x"),
                Duration.ofSeconds(10),
                1 << 16);
        assertThat(write.stdout()).isEqualTo("1000\nhello\n");
        assertThat(write.stderr()).contains("Read-only file system");

        client.resource(running).delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(Sandbox.class)
                                .inNamespace("default")
                                .withName("life")
                                .get()
                        == null);
        assertThat(runtime.inspect(SandboxNames.container(uid))).isEmpty();
        assertThat(runtime.listVolumes(Map.of(SandboxNames.UID, uid))).isEmpty();

        assertThat(mirror.drain(Duration.ofSeconds(10))).isTrue();
        SandboxRecords records = new SandboxRecords(dataSource);
        assertThat(records.find(uid).orElseThrow().deletedAt()).isNotNull();
        assertThat(records.history(uid)).extracting(SandboxEventRecord::type).contains("Created", "Running", "Deleted");
    }

    @Test
    void reportsExitCodesOomKillsAndContainersRemovedBehindItsBack() {
        client.resource(sandbox("exits", List.of("sh", "-c", "exit 3"))).create();
        Sandbox failed = awaitPhase("exits", SandboxPhase.Failed);
        assertThat(failed.getStatus().getExitCode()).isEqualTo(3);
        assertThat(failed.getStatus().getReason()).isEqualTo("Error");

        Sandbox hog = sandbox("hog", List.of("sh", "-c", "head -c 200m /dev/zero | tail"));
        hog.getSpec().getResources().setMemory("16m");
        client.resource(hog).create();
        Sandbox oom = awaitPhase("hog", SandboxPhase.Failed);
        assertThat(oom.getStatus().getReason()).isEqualTo("OOMKilled");

        Sandbox victim =
                client.resource(sandbox("victim", List.of("sleep", "300"))).create();
        awaitPhase("victim", SandboxPhase.Running);
        runtime.remove(SandboxNames.container(victim.getMetadata().getUid()));
        Sandbox removed = awaitPhase("victim", SandboxPhase.Failed);
        assertThat(removed.getStatus().getReason()).isEqualTo("ContainerRemoved");
    }

    @Test
    void stopsAndStartsOnDesiredState() {
        client.resource(sandbox("toggle", List.of("sleep", "300"))).create();
        awaitPhase("toggle", SandboxPhase.Running);
        // edit, not update: the operator may have written the status since it was read.
        client.resources(Sandbox.class)
                .inNamespace("default")
                .withName("toggle")
                .edit(s -> {
                    s.getSpec().setDesiredState(DesiredState.Stopped);
                    return s;
                });
        Sandbox stopped = awaitPhase("toggle", SandboxPhase.Stopped);
        assertThat(stopped.getStatus().getReason()).isEqualTo("Stopped");
    }

    @Test
    void invalidSpecAndMissingImageFailWithoutRetrying() {
        Sandbox bad = sandbox("bad-cpu", List.of("sleep", "1"));
        bad.getSpec().getResources().setCpu(42.0);
        client.resource(bad).create();
        Sandbox invalid = awaitPhase("bad-cpu", SandboxPhase.Failed);
        assertThat(invalid.getStatus().getReason()).isEqualTo("InvalidSpec");
        assertThat(invalid.getStatus().getMessage()).contains("resources.cpu");

        Sandbox missing = sandbox("no-image", List.of("sleep", "1"));
        missing.getSpec().setImage("no-such-image-here:never");
        client.resource(missing).create();
        Sandbox notFound = awaitPhase("no-image", SandboxPhase.Failed);
        assertThat(notFound.getStatus().getReason()).isEqualTo("ImageNotFound");
    }

    @Test
    void hugeNumbersAppliedWithKubectlFailAsInvalidSpecNamingTheField() {
        Sandbox huge = sandbox("huge-numbers", List.of("sleep", "1"));
        huge.getSpec().getResources().setTimeoutSeconds(Long.MAX_VALUE);
        huge.getSpec().getResources().setMemory("999999g");
        huge.getSpec().setIdleTimeoutSeconds(Long.MAX_VALUE);
        client.resource(huge).create();
        Sandbox failed = awaitPhase("huge-numbers", SandboxPhase.Failed);
        assertThat(failed.getStatus().getReason()).isEqualTo("InvalidSpec");
        assertThat(failed.getStatus().getMessage())
                .contains("spec.resources.timeoutSeconds")
                .contains("spec.resources.memory")
                .contains("spec.idleTimeoutSeconds");
    }

    @Test
    void aRestartedOperatorAdoptsItsContainers() {
        Sandbox created =
                client.resource(sandbox("adopt", List.of("sleep", "300"))).create();
        Sandbox running = awaitPhase("adopt", SandboxPhase.Running);
        String containerId = running.getStatus().getContainerId();

        operator.close();
        operator = new SandboxOperator(client, runtime, mirror, dataSource, config, false);
        operator.start();

        // Touch the spec so the new instance certainly reconciles it, then check nothing was duplicated.
        client.resources(Sandbox.class).inNamespace("default").withName("adopt").edit(s -> {
            s.getMetadata().setAnnotations(Map.of("touched", "yes"));
            return s;
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runtime.list(Map.of(
                                        SandboxNames.UID, created.getMetadata().getUid()))
                                .size()
                        == 1);
        assertThat(runtime.list(Map.of(SandboxNames.UID, created.getMetadata().getUid())))
                .singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(containerId));
        assertThat(awaitPhase("adopt", SandboxPhase.Running).getStatus().getContainerId())
                .isEqualTo(containerId);
    }
}
