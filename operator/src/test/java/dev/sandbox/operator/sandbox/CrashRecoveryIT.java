package dev.sandbox.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator dies right after each step of create, recreate and delete (every later call of the dead instance fails,
 * as a killed process makes none); a new instance then finishes the job with exactly one container per sandbox and
 * nothing left of deleted ones.
 */
@EnableKubernetesMockClient(crud = true)
class CrashRecoveryIT {
    static KubernetesClient client;
    static EmbeddedPostgresServer postgres;
    static HikariDataSource dataSource;
    static DockerContainerRuntime docker;

    @BeforeAll
    static void start() throws Exception {
        for (String crd : List.of(
                "sandboxes.sandbox.dev-v1.yml",
                "networkvolumes.sandbox.dev-v1.yml",
                "networkvolumeclasses.sandbox.dev-v1.yml")) {
            try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "crash");
        Database.migrate(dataSource);
        docker = new DockerContainerRuntime("unix:///var/run/docker.sock");
    }

    @AfterAll
    static void stop() {
        docker.close();
        dataSource.close();
        postgres.close();
    }

    /** A runtime that works until {@code step} has run once, then dies: that call and every later one fail. */
    static ContainerRuntime dyingAfter(String step, AtomicBoolean died) {
        AtomicReference<Boolean> dead = new AtomicReference<>(false);
        return (ContainerRuntime) Proxy.newProxyInstance(
                ContainerRuntime.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    if (dead.get() && !method.getName().equals("watchEvents")) {
                        throw new IllegalStateException("operator process is dead");
                    }
                    Object result;
                    try {
                        result = method.invoke(docker, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals(step)) {
                        dead.set(true);
                        died.set(true);
                        throw new IllegalStateException("operator killed right after " + step);
                    }
                    return result;
                });
    }

    static Sandbox sandbox(String name) {
        Sandbox s = new Sandbox();
        s.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage("sandbox-busybox:local");
        s.setSpec(spec);
        return s;
    }

    static Sandbox get(String name) {
        return client.resources(Sandbox.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ensureVolume",
                "create",
                "prepareWorkspace",
                "start",
                "remove-on-recreate",
                "remove-on-delete",
                "removeNetwork-on-delete"
            })
    void aNewInstanceFinishesWhatAKilledOneStarted(String scenario) {
        String step = scenario.split("-on-")[0];
        String phase = scenario.contains("-on-") ? scenario.split("-on-")[1] : "create";
        String node = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        OperatorConfig config = OperatorConfig.defaults()
                .withInstallation(InstallationIdentity.newId())
                .withNodeName(node);
        config = config.withMonitoring(config.monitoring().withHttp("127.0.0.1", 0))
                .withAgent(0, OperatorConfig.randomToken());
        String name = "crash-" + scenario.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        try (PostgresSandboxMirror mirror = new PostgresSandboxMirror(dataSource)) {
            AtomicBoolean died = new AtomicBoolean();
            SandboxOperator first = new SandboxOperator(
                    client,
                    phase.equals("create") ? dyingAfter(step, died) : docker,
                    mirror,
                    dataSource,
                    config,
                    false);
            first.start();
            Sandbox created = client.resource(sandbox(name)).create();
            String uid = created.getMetadata().getUid();
            String[] hashBefore = new String[1];
            if (!phase.equals("create")) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(name).getStatus() != null
                                && get(name).getStatus().getPhase() == SandboxPhase.Running);
                hashBefore[0] = docker.inspect(SandboxNames.container(uid))
                        .orElseThrow()
                        .labels()
                        .get(SandboxNames.SPEC_HASH);
                first.close();
                first = new SandboxOperator(client, dyingAfter(step, died), mirror, dataSource, config, false);
                first.start();
                if (phase.equals("recreate")) {
                    Sandbox latest = get(name);
                    latest.getSpec().setEnv(Map.of("CHANGED", "yes"));
                    client.resource(latest).update();
                } else {
                    client.resource(get(name)).delete();
                }
            }
            await().atMost(Duration.ofSeconds(30)).untilTrue(died);
            first.close();

            SandboxOperator second = new SandboxOperator(client, docker, mirror, dataSource, config, false);
            second.start();
            try {
                if (phase.equals("delete")) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
                    assertThat(docker.list(Map.of(SandboxNames.UID, uid))).isEmpty();
                    assertThat(docker.listVolumes(Map.of(SandboxNames.UID, uid)))
                            .isEmpty();
                } else {
                    await().atMost(Duration.ofSeconds(45)).until(() -> {
                        Sandbox s = get(name);
                        return s.getStatus() != null
                                && s.getStatus().getPhase() == SandboxPhase.Running
                                && s.getStatus()
                                        .getObservedGeneration()
                                        .equals(s.getMetadata().getGeneration());
                    });
                    List<ContainerState> containers = docker.list(Map.of(SandboxNames.UID, uid));
                    assertThat(containers).hasSize(1);
                    assertThat(containers.get(0).status()).isEqualTo("running");
                    assertThat(docker.listVolumes(Map.of(SandboxNames.UID, uid)))
                            .hasSize(1);
                    if (phase.equals("recreate")) {
                        assertThat(docker.inspect(SandboxNames.container(uid))
                                        .orElseThrow()
                                        .labels()
                                        .get(SandboxNames.SPEC_HASH))
                                .isNotEqualTo(hashBefore[0]);
                    }
                    client.resource(get(name)).delete();
                    await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
                    assertThat(docker.list(Map.of(SandboxNames.UID, uid))).isEmpty();
                }
            } finally {
                second.close();
                docker.list(SandboxNames.nodeSelector(config.installation(), node))
                        .forEach(c -> docker.remove(c.id()));
                docker.listVolumes(SandboxNames.nodeSelector(config.installation(), node))
                        .forEach(docker::removeVolume);
            }
        }
    }
}
