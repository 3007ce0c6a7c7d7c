package dev.sandbox.operator.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.client.ResourceUse;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxUsage;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.db.UsageSamples;
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
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Usage sampling, status.usage, samples in PostgreSQL, metrics and health against real Docker and PostgreSQL. */
@EnableKubernetesMockClient(crud = true)
class MonitoringIT {
    static final String IMAGE = "sandbox-busybox:local";
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(2);
    static KubernetesClient client;
    static EmbeddedPostgresServer postgres;
    static HikariDataSource dataSource;
    static DockerContainerRuntime runtime;
    static final HttpClient http = HttpClient.newHttpClient();

    OperatorConfig config;
    PostgresSandboxMirror mirror;
    final List<SandboxOperator> operators = new ArrayList<>();

    @BeforeAll
    static void startInfrastructure() throws Exception {
        try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/sandboxes.sandbox.dev-v1.yml")) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/networkvolumes.sandbox.dev-v1.yml")) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/networkvolumeclasses.sandbox.dev-v1.yml")) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "monitoring-it");
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

    SandboxOperator startOperator(DockerContainerRuntime on) {
        config = OperatorConfig.defaults()
                .withInstallation(InstallationIdentity.newId())
                .withNodeName("mon-" + UUID.randomUUID().toString().substring(0, 8));
        config = config.withMonitoring(
                config.monitoring().withHttp("127.0.0.1", 0).withSampling(Duration.ofMillis(500), STATUS_INTERVAL));
        mirror = new PostgresSandboxMirror(dataSource);
        SandboxOperator operator = new SandboxOperator(client, on, mirror, dataSource, config, false);
        operators.add(operator);
        operator.start();
        return operator;
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
        operators.forEach(SandboxOperator::close);
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
        spec.getResources().setCpu(0.5);
        spec.getResources().setMemory("64m");
        s.setSpec(spec);
        return s;
    }

    static Sandbox get(String name) {
        return client.resources(Sandbox.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    static SandboxUsage usage(String name) {
        Sandbox s = get(name);
        return s == null || s.getStatus() == null ? null : s.getStatus().getUsage();
    }

    static HttpResponse<String> call(SandboxOperator operator, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void usageReachesTheStatusAtAModestRateAndPostgresAndTheMetrics() throws Exception {
        // Samples older than the retention (7 days by default) are pruned by the sampler; younger ones stay.
        UsageSamples samples = new UsageSamples(dataSource);
        String oldUid = "old-" + UUID.randomUUID();
        samples.insert(List.of(
                new UsageSampleRecord(
                        oldUid,
                        "gone-node",
                        Instant.now().minus(Duration.ofDays(30)),
                        new ResourceUse(1, 1, 1, 1, 0, 0, 0, 0)),
                new UsageSampleRecord(
                        oldUid,
                        "gone-node",
                        Instant.now().minus(Duration.ofHours(1)),
                        new ResourceUse(2, 1, 1, 1, 0, 0, 0, 0))));
        SandboxOperator operator = startOperator(runtime);
        client.resource(sandbox("busy", List.of("sh", "-c", "while :; do :; done")))
                .create();
        client.resource(sandbox("quiet", List.of("sleep", "300"))).create();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> usage("busy") != null && usage("busy").getCpuPercent() > 20 && usage("quiet") != null);
        SandboxUsage busy = usage("busy");
        assertThat(busy.getMemoryLimitBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(busy.getMemoryBytes()).isPositive().isLessThan(64L * 1024 * 1024);
        assertThat(busy.getPids()).isGreaterThanOrEqualTo(1);
        // cpu 0.5 caps the busy loop at half a core.
        assertThat(busy.getCpuPercent()).isLessThan(70);
        assertThat(usage("quiet").getCpuPercent()).isLessThan(5);

        // The status is rewritten about once per status interval, not on every sample (every 0.5 s here).
        Set<String> seen = new LinkedHashSet<>();
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(7))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    SandboxUsage u = usage("quiet");
                    if (u != null) {
                        seen.add(u.getSampledAt());
                    }
                    return true;
                });
        List<Instant> writes = seen.stream().map(Instant::parse).toList();
        assertThat(writes).hasSizeBetween(2, 4);
        for (int i = 1; i < writes.size(); i++) {
            assertThat(Duration.between(writes.get(i - 1), writes.get(i))).isGreaterThanOrEqualTo(STATUS_INTERVAL);
        }

        String busyUid = get("busy").getMetadata().getUid();
        // Every pass stores a sample; a pass takes one to two seconds here (Docker primes its CPU counters per call).
        await().atMost(Duration.ofSeconds(20))
                .until(() -> samples.after(busyUid, Instant.EPOCH, 1000).size() >= 4);
        List<UsageSampleRecord> stored = samples.after(busyUid, Instant.EPOCH, 1000);
        assertThat(stored).allSatisfy(r -> {
            assertThat(r.node()).isEqualTo(config.nodeName());
            assertThat(r.use().memoryLimitBytes()).isEqualTo(64L * 1024 * 1024);
        });
        assertThat(stored.stream().mapToDouble(r -> r.use().cpuPercent()).max().orElse(0))
                .isGreaterThan(20);
        assertThat(samples.after(oldUid, Instant.EPOCH, 10))
                .extracting(r -> r.use().cpuPercent())
                .containsExactly(2.0);

        HttpResponse<String> metrics = call(operator, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String node = "node=\"" + config.nodeName() + "\"";
        assertThat(metrics.body())
                .contains("sandbox_usage_cpu_percent{" + node + "}")
                .contains("sandbox_usage_memory_bytes{" + node + "}")
                .contains("sandbox_monitor_pass_seconds_count{" + node + "}")
                .contains("sandbox_monitor_sampled{" + node + "} 2.0")
                .containsPattern(
                        "sandbox_operator_sandboxes\\{node=\"" + config.nodeName() + "\",phase=\"Running\"} 2\\.0")
                .contains("sandbox_cleanup_actions_total{action=\"orphan_container\"," + node + "} 0.0")
                .doesNotContain("name=\"busy\"");

        // Stopped sandboxes carry no usage.
        // A merge patch of the one field: the operator writes this sandbox's status meanwhile, and a read-modify-write
        // of the whole object would lose the race now and then (409).
        client.resources(Sandbox.class)
                .inNamespace("default")
                .withName("quiet")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"desiredState\":\"" + DesiredState.Stopped + "\"}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("quiet").getStatus().getPhase().name().equals("Stopped") && usage("quiet") == null);

        HttpResponse<String> live = call(operator, "/healthz");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"ok\"");
        HttpResponse<String> ready = call(operator, "/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"kubernetes\":\"ok\"").contains("\"docker\":\"ok\"");
        assertThat(call(operator, "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void readinessFailsButLivenessHoldsWhenDockerIsUnreachable() throws Exception {
        try (DockerContainerRuntime unreachable = new DockerContainerRuntime("tcp://127.0.0.1:1")) {
            SandboxOperator operator = startOperator(unreachable);
            HttpResponse<String> ready = call(operator, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body())
                    .contains("\"status\":\"unavailable\"")
                    .contains("\"kubernetes\":\"ok\"")
                    .contains("\"docker\":\"unreachable");
            assertThat(call(operator, "/healthz").statusCode()).isEqualTo(200);
            operator.close();
            assertThatThrownBy(() -> call(operator, "/healthz")).isInstanceOf(ConnectException.class);
        }
    }
}
