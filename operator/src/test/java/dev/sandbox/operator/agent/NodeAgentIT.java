package dev.sandbox.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.SandboxOperator;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.node.NodeAnnouncer;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import dev.sandbox.operator.runtime.ExecCommand;
import dev.sandbox.operator.runtime.ExecStream;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node agent of a real operator, against real Docker and the in-memory Kubernetes API. */
@EnableKubernetesMockClient(crud = true)
class NodeAgentIT {
    static final String IMAGE = "sandbox-busybox:local";
    static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;
    static DockerContainerRuntime runtime;
    static OperatorConfig config;
    static SandboxOperator operator;
    static dev.sandbox.db.EmbeddedPostgresServer postgres;
    static com.zaxxer.hikari.HikariDataSource dataSource;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        try (var in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/sandboxes.sandbox.dev-v1.yml")) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        runtime = new DockerContainerRuntime("unix:///var/run/docker.sock");
        config = OperatorConfig.defaults()
                .withInstallation(InstallationIdentity.newId())
                .withNodeName("agent-" + UUID.randomUUID().toString().substring(0, 8))
                .withAgent(0, OperatorConfig.randomToken());
        config = config.withMonitoring(config.monitoring().withHttp("127.0.0.1", 0));
        postgres = dev.sandbox.db.EmbeddedPostgresServer.start(null, 0);
        dataSource = dev.sandbox.db.Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "agent-it");
        dev.sandbox.db.Database.migrate(dataSource);
        operator = new SandboxOperator(client, runtime, new NoMirror(), dataSource, config, false);
        operator.start();
    }

    @AfterAll
    static void stop() {
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
        for (ContainerState c : runtime.list(SandboxNames.nodeSelector(config.installation(), config.nodeName()))) {
            runtime.remove(c.id());
        }
        runtime.listVolumes(SandboxNames.nodeSelector(config.installation(), config.nodeName()))
                .forEach(runtime::removeVolume);
        dataSource.close();
        postgres.close();
        runtime.close();
    }

    static Sandbox running(String name) {
        Sandbox s = new Sandbox();
        s.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(IMAGE);
        s.setSpec(spec);
        client.resource(s).create();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Sandbox now = client.resources(Sandbox.class)
                            .inNamespace("default")
                            .withName(name)
                            .get();
                    return now.getStatus() != null && now.getStatus().getPhase() == SandboxPhase.Running;
                });
        return client.resources(Sandbox.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(operator.agent().url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void announcesItsAgentInAConfigMapWithAFreshHeartbeat() {
        ConfigMap announced = client.configMaps()
                .inNamespace("default")
                .withName(NodeAnnouncer.configMapName(config.nodeName()))
                .get();
        assertThat(announced.getData())
                .containsEntry(NodeAnnouncer.AGENT_URL, operator.agent().url());
        assertThat(Instant.parse(announced.getData().get(NodeAnnouncer.HEARTBEAT)))
                .isAfter(Instant.now().minusSeconds(30));
        assertThat(operator.agent().url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void everyCallNeedsTheAgentToken() throws Exception {
        for (String token : new String[] {
            null, "wrong", config.agentToken() + "x", config.agentToken().substring(1)
        }) {
            HttpResponse<String> answer = post("/agent/v1/sandboxes/abc/exec", token, "{\"command\":[\"id\"]}");
            assertThat(answer.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"unauthorized\"");
        }
        HttpResponse<String> unknown =
                post("/agent/v1/sandboxes/abc/exec", config.agentToken(), "{\"command\":[\"id\"]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void execHonoursWorkdirEnvironmentAndAllowedUsersButNeverRoot() throws Exception {
        Sandbox sandbox = running("options");
        String path = "/agent/v1/sandboxes/" + sandbox.getMetadata().getUid() + "/exec";
        HttpResponse<String> answer = post(path, config.agentToken(), """
        {"command": ["sh", "-c", "pwd; echo $GREETING; id -u"], "workdir": "/tmp", "environment": {"GREETING": "hey"},
         "user": "2000"}""");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("stdout").asText()).isEqualTo("/tmp\nhey\n2000\n");

        JsonNode defaults =
                JSON.readTree(post(path, config.agentToken(), "{\"command\": [\"sh\", \"-c\", \"pwd; id -u\"]}")
                        .body());
        assertThat(defaults.get("stdout").asText()).isEqualTo("/workspace\n1000\n");

        HttpResponse<String> root = post(path, config.agentToken(), "{\"command\": [\"id\"], \"user\": \"root\"}");
        assertThat(root.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(root.body()).path("error").path("field").asText())
                .isEqualTo("user");
    }

    @Test
    void stdinEndsWhenTheCallerClosesIt() throws Exception {
        Sandbox sandbox = running("stdin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecStream stream = runtime.startExec(
                sandbox.getStatus().getContainerId(),
                new ExecCommand(List.of("sh", "-c", "cat; echo done >&2"), null, null, List.of(), true),
                (stderr, data) -> {
                    if (!stderr) {
                        out.writeBytes(data);
                    }
                })) {
            stream.writeStdin("hello\n".getBytes(StandardCharsets.UTF_8));
            stream.writeStdin("world\n".getBytes(StandardCharsets.UTF_8));
            stream.closeStdin();
            assertThat(stream.exit().get(10, TimeUnit.SECONDS)).isZero();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nworld\n");
    }

    @Test
    void uploadsExportsAndArchivesOverTheCapsAre413AndLeaveNothingBehind() throws Exception {
        Sandbox sandbox = running("caps");
        String uid = sandbox.getMetadata().getUid();
        try (NodeAgent small =
                new NodeAgent(config, runtime, new AgentLimits(1000, 100, 3, 50, 2, Duration.ofSeconds(1))).start()) {
            String base = small.url() + "/agent/v1/sandboxes/" + uid;
            HttpResponse<String> big = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/volumes/workspace/file?path=big"))
                            .header("Authorization", "Bearer " + config.agentToken())
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2000]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
            HttpResponse<String> chunked = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/volumes/workspace/file?path=big"))
                            .header("Authorization", "Bearer " + config.agentToken())
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(new byte[2000])))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);

            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
                out.putNextEntry(new java.util.zip.ZipEntry("zeros.bin"));
                out.write(new byte[1000]);
                out.closeEntry();
            }
            HttpResponse<String> bomb = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/volumes/workspace/upload?path=x&extract=true"))
                            .header("Authorization", "Bearer " + config.agentToken())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(zip.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bomb.statusCode()).as(bomb.body()).isEqualTo(413);

            runtime.exec(
                    sandbox.getStatus().getContainerId(),
                    List.of(
                            "sh",
                            "-c",
                            "mkdir /workspace/d && touch /workspace/d/1 /workspace/d/2 /workspace/d/3 /workspace/d/4"),
                    Duration.ofSeconds(10),
                    1024);
            HttpResponse<String> export = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/export?path=/workspace/d"))
                            .header("Authorization", "Bearer " + config.agentToken())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(export.statusCode()).as(export.body()).isEqualTo(413);

            HttpResponse<String> listing = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/volumes/workspace/files"))
                            .header("Authorization", "Bearer " + config.agentToken())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(listing.body()).get("entries").findValuesAsText("name"))
                    .containsExactly("d");
        }
    }

    @Test
    void onlyThisNodesRunningSandboxesAreReachable() throws Exception {
        String strangerUid = UUID.randomUUID().toString();
        // A container with the right name but not made by this operator must not be touched.
        ProcessBuilder docker = new ProcessBuilder(
                        "docker",
                        "run",
                        "-d",
                        "--name",
                        SandboxNames.container(strangerUid),
                        "--label",
                        SandboxNames.NODE + "=" + config.nodeName(),
                        IMAGE)
                .redirectErrorStream(true);
        assertThat(docker.start().waitFor(30, TimeUnit.SECONDS)).isTrue();
        try {
            HttpResponse<String> stranger =
                    post("/agent/v1/sandboxes/" + strangerUid + "/exec", config.agentToken(), "{\"command\":[\"id\"]}");
            assertThat(stranger.statusCode()).isEqualTo(404);
        } finally {
            runtime.remove(SandboxNames.container(strangerUid));
        }
        assertThat(post("/agent/v1/sandboxes/..%2F..%2Fetc/exec", config.agentToken(), "{\"command\":[\"id\"]}")
                        .statusCode())
                .isEqualTo(404);

        Sandbox sandbox = running("stopping");
        sandbox.getSpec().setDesiredState(DesiredState.Stopped);
        client.resource(sandbox).update();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(Sandbox.class)
                                .inNamespace("default")
                                .withName("stopping")
                                .get()
                                .getStatus()
                                .getPhase()
                        == SandboxPhase.Stopped);
        HttpResponse<String> stopped = post(
                "/agent/v1/sandboxes/" + sandbox.getMetadata().getUid() + "/exec",
                config.agentToken(),
                "{\"command\":[\"id\"]}");
        assertThat(stopped.statusCode()).isEqualTo(409);
    }
}
