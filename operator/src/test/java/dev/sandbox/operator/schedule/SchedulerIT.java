package dev.sandbox.operator.schedule;

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
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two operator instances (two nodes) on one Kubernetes API and one Docker engine share the sandboxes between them. */
@EnableKubernetesMockClient(crud = true)
class SchedulerIT {
    static KubernetesClient client;

    static Sandbox sandbox(String name, double cpu, String memory) {
        Sandbox s = new Sandbox();
        s.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage("sandbox-busybox:local");
        spec.getResources().setCpu(cpu);
        spec.getResources().setMemory(memory);
        s.setSpec(spec);
        return s;
    }

    @Test
    void sandboxesSpreadAcrossNodesAndOneThatFitsNowhereStaysPending() throws Exception {
        for (String crd : List.of(
                "sandboxes.sandbox.dev-v1.yml",
                "networkvolumes.sandbox.dev-v1.yml",
                "networkvolumeclasses.sandbox.dev-v1.yml")) {
            try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 6);
        String nodeA = "sched-a-" + run;
        String nodeB = "sched-b-" + run;
        long gib = 1024L * 1024 * 1024;
        List<SandboxOperator> operators = new ArrayList<>();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
                HikariDataSource dataSource =
                        Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "sched");
                DockerContainerRuntime runtime = new DockerContainerRuntime("unix:///var/run/docker.sock");
                PostgresSandboxMirror mirror = new PostgresSandboxMirror(dataSource)) {
            Database.migrate(dataSource);
            OperatorConfig base = OperatorConfig.defaults().withInstallation(InstallationIdentity.newId());
            base = base.withMonitoring(base.monitoring().withHttp("127.0.0.1", 0))
                    .withAgent(0, OperatorConfig.randomToken());
            for (String node : List.of(nodeA, nodeB)) {
                SandboxOperator operator = new SandboxOperator(
                        client, runtime, mirror, dataSource, base.forCluster(node, 2, 2 * gib), false);
                operators.add(operator);
                operator.start();
            }
            try {
                for (int i = 0; i < 4; i++) {
                    client.resource(sandbox("spread-" + i, 0.9, "256m")).create();
                }
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> client.resources(Sandbox.class).inNamespace("default").list().getItems().stream()
                                .allMatch(s ->
                                        s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Running));
                Map<String, Long> perNode =
                        client.resources(Sandbox.class).inNamespace("default").list().getItems().stream()
                                .collect(
                                        Collectors.groupingBy(s -> s.getStatus().getNodeName(), Collectors.counting()));
                assertThat(perNode).containsEntry(nodeA, 2L).containsEntry(nodeB, 2L);
                for (String node : List.of(nodeA, nodeB)) {
                    List<ContainerState> containers =
                            runtime.list(SandboxNames.nodeSelector(base.installation(), node));
                    assertThat(containers).hasSize(2);
                }

                client.resource(sandbox("too-big", 1.05, "256m")).create();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Sandbox s = client.resources(Sandbox.class)
                            .inNamespace("default")
                            .withName("too-big")
                            .get();
                    return s.getStatus() != null
                            && "Unschedulable".equals(s.getStatus().getReason());
                });
                Sandbox pending = client.resources(Sandbox.class)
                        .inNamespace("default")
                        .withName("too-big")
                        .get();
                assertThat(pending.getStatus().getPhase()).isEqualTo(SandboxPhase.Pending);
                assertThat(pending.getStatus().getMessage()).contains("no node has room for 1.1 CPUs");
                assertThat(pending.getSpec().getNodeName()).isNull();

                // Room appears when one sandbox goes: the pending one is bound and runs.
                client.resources(Sandbox.class)
                        .inNamespace("default")
                        .withName("spread-0")
                        .delete();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Sandbox s = client.resources(Sandbox.class)
                            .inNamespace("default")
                            .withName("too-big")
                            .get();
                    return s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Running;
                });
            } finally {
                client.resources(Sandbox.class)
                        .inNamespace("default")
                        .list()
                        .getItems()
                        .forEach(s -> client.resource(s).delete());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> client.resources(Sandbox.class)
                                .inNamespace("default")
                                .list()
                                .getItems()
                                .isEmpty());
                operators.forEach(SandboxOperator::close);
                for (String node : List.of(nodeA, nodeB)) {
                    runtime.list(SandboxNames.nodeSelector(base.installation(), node))
                            .forEach(c -> runtime.remove(c.id()));
                    runtime.listVolumes(SandboxNames.nodeSelector(base.installation(), node))
                            .forEach(runtime::removeVolume);
                }
            }
        }
    }
}
