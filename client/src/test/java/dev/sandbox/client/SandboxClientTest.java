package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests the client sends and answers it parses, against an in-process fake gateway. */
class SandboxClientTest {

    /**
     * A sandbox as the gateway sends it (the field names are held against the gateway's own answers by the gateway's
     * SdkContractTest), plus {@code fieldOfANewerGateway} where a later gateway might add something: the SDK ignores it.
     */
    static final String SANDBOX_JSON = """
      {
        "id": "sbx-4f9c2a1b7d",
        "phase": "Running",
        "image": "sandbox-busybox:local",
        "command": ["sleep", "infinity"],
        "entrypoint": null,
        "environment": {"A": "1"},
        "resources": {"cpu": 1.5, "memory": "1g", "disk": "2g", "gpu": null, "timeout": 3600, "maxRetries": 0, "idleTimeout": 900},
        "disk": {"usedBytes": 1048576, "limitBytes": 2147483648, "enforced": true},
        "ports": [{"internal": 8080, "external": 32768, "hostIp": "127.0.0.1", "protocol": "http",
                   "subdomain": null, "fieldOfANewerGateway": "ignored"}],
        "containerId": "0123abcd",
        "node": "local",
        "createdAt": "2026-11-26T15:00:00Z",
        "startedAt": "2026-11-26T16:00:01+01:00",
        "restartCount": 2,
        "exitCode": null,
        "reason": "Started",
        "message": "container is running",
        "desiredState": "Running",
        "finishedAt": null,
        "generation": 3,
        "observedGeneration": 3,
        "shutdownPolicy": "delete",
        "buildLog": null,
        "snapshot": null,
        "fieldOfANewerGateway": {"any": ["shape"]}
      }
      """;

    private final ObjectMapper json = new ObjectMapper();
    private FakeGateway gateway;
    private SandboxClient client;

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
        client = SandboxClient.builder()
                .baseUrl(gateway.baseUrl() + "/")
                .apiKey("sk-test")
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void createSendsBearerKeyAndJsonBodyWithoutNullFieldsAndCommandLineAsString() throws Exception {
        gateway.reply(201, SANDBOX_JSON);
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("sandbox-busybox:local")
                .command("sleep 3600")
                .environment("A", "1")
                .resources(ResourceConfig.of(1.5, "1g").withTimeout(3600).withIdleTimeout(600))
                .port(PortConfig.of(8080))
                .build();

        SandboxInfo sandbox = client.createSandbox(request).get();

        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/sandboxes");
        assertThat(sent.query()).isNull();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(json.readTree(sent.body())).isEqualTo(json.readTree("""
        {"image": "sandbox-busybox:local",
         "command": "sleep 3600",
         "environment": {"A": "1"},
         "resources": {"cpu": 1.5, "memory": "1g", "timeout": 3600, "idleTimeout": 600},
         "ports": [{"internal": 8080, "protocol": "http"}]}
        """));
        assertThat(sandbox.id()).isEqualTo("sbx-4f9c2a1b7d");
    }

    @Test
    void createSendsArgumentListsAsListsAndOptionalFieldsOnlyWhenSet() throws Exception {
        gateway.reply(201, SANDBOX_JSON);
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("img")
                .command("sleep", "3600")
                .entrypoint("exec \"$@\"")
                .volume("data", VolumeConfig.readOnlyAt("/data"))
                .forceBuild(true)
                .buildContext(Map.of("Dockerfile", "FROM scratch"))
                .build();

        client.createSandbox(request).get();

        assertThat(json.readTree(gateway.takeRequest().body())).isEqualTo(json.readTree("""
        {"image": "img",
         "command": ["sleep", "3600"],
         "entrypoint": "exec \\"$@\\"",
         "volumes": {"data": {"mountPath": "/data", "readOnly": true}},
         "forceBuild": true,
         "buildContext": {"Dockerfile": "FROM scratch"}}
        """));
    }

    @Test
    void createWithWaitAsksTheGatewayToWait() throws Exception {
        gateway.reply(201, SANDBOX_JSON);

        SandboxInfo sandbox =
                client.createSandbox(CreateSandboxRequest.of("img"), true).get();

        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/sandboxes");
        assertThat(sent.query()).isEqualTo("wait=true");
        assertThat(sent.body()).isEqualTo("{\"image\":\"img\"}");
        assertThat(sandbox.running()).isTrue();
    }

    @Test
    void getParsesEveryFieldAndIgnoresUnknownOnes() throws Exception {
        gateway.reply(200, SANDBOX_JSON);

        SandboxInfo sandbox = client.getSandbox("sbx-4f9c2a1b7d").get();

        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1/sandboxes/sbx-4f9c2a1b7d");
        assertThat(sent.body()).isEmpty();
        assertThat(sandbox)
                .isEqualTo(new SandboxInfo(
                        "sbx-4f9c2a1b7d",
                        "Running",
                        "sandbox-busybox:local",
                        List.of("sleep", "infinity"),
                        null,
                        Map.of("A", "1"),
                        new ResourceConfig(1.5, "1g", null, 3600, 0, 900, null, "2g"),
                        new SandboxInfo.Disk(1048576L, 2147483648L, true),
                        List.of(new PortInfo(8080, 32768, "127.0.0.1", "http", null)),
                        "0123abcd",
                        "local",
                        Instant.parse("2026-11-26T15:00:00Z"),
                        Instant.parse("2026-11-26T15:00:01Z"),
                        2,
                        null,
                        "Started",
                        "container is running",
                        null,
                        null,
                        List.of(),
                        false,
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "Running",
                        null,
                        3L,
                        3L,
                        "delete",
                        null,
                        null));
    }

    @Test
    void getSandboxStatusIsGetSandboxAndIdsAreEscapedInThePath() throws Exception {
        gateway.reply(200, "{\"id\": \"a b/c\", \"phase\": \"Pending\"}");

        SandboxInfo sandbox = client.getSandboxStatus("a b/c").get();

        assertThat(gateway.takeRequest().path()).isEqualTo("/v1/sandboxes/a%20b%2Fc");
        assertThat(sandbox.phase()).isEqualTo("Pending");
        assertThat(sandbox.ports()).isEmpty();
        assertThat(sandbox.environment()).isEmpty();
        assertThat(sandbox.resources()).isNull();
    }

    @Test
    void listReadsItemsAndFiltersByStatus() throws Exception {
        gateway.reply(200, "{\"items\": [" + SANDBOX_JSON + ", {\"id\": \"sbx-2\", \"phase\": \"Running\"}]}");

        List<SandboxInfo> all = client.listSandboxes().get();
        FakeGateway.Received first = gateway.takeRequest();
        List<SandboxInfo> running = client.listSandboxes("running").get();
        FakeGateway.Received second = gateway.takeRequest();

        assertThat(all).extracting(SandboxInfo::id).containsExactly("sbx-4f9c2a1b7d", "sbx-2");
        assertThat(running).hasSize(2);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/v1/sandboxes");
        assertThat(first.query()).isNull();
        assertThat(second.query()).isEqualTo("status=running");
    }

    @Test
    void getUsageSendsSinceAsRfc3339AndParsesTheSamples() throws Exception {
        gateway.reply(200, """
        {"id": "sbx-1", "since": "2026-11-26T15:00:00Z", "truncated": true, "fieldOfANewerGateway": 1,
         "samples": [
           {"sampledAt": "2026-11-26T15:00:15Z", "cpuPercent": 12.5, "memoryBytes": 1048576, "memoryLimitBytes": 67108864,
            "pids": 3, "networkRxBytes": 10, "networkTxBytes": 20, "blockReadBytes": 30, "blockWriteBytes": 40},
           {"sampledAt": "2026-11-26T15:00:30Z", "cpuPercent": 0, "memoryBytes": 2, "memoryLimitBytes": 3,
            "pids": 1, "networkRxBytes": 0, "networkTxBytes": 0, "blockReadBytes": 0, "blockWriteBytes": 0}]}
        """);

        UsageHistory history = client.blocking().getUsage("sbx-1", Instant.parse("2026-11-26T15:00:00Z"));

        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1/sandboxes/sbx-1/usage");
        assertThat(sent.query()).isEqualTo("since=2026-11-26T15%3A00%3A00Z");
        assertThat(history.truncated()).isTrue();
        assertThat(history.since()).isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));
        assertThat(history.samples()).hasSize(2);
        assertThat(history.samples().get(0))
                .isEqualTo(new UsageSample(
                        Instant.parse("2026-11-26T15:00:15Z"),
                        new ResourceUse(12.5, 1048576, 67108864, 3, 10, 20, 30, 40)));
        assertThat(history.latest().sampledAt()).isEqualTo(Instant.parse("2026-11-26T15:00:30Z"));

        gateway.reply(200, "{\"id\": \"sbx-1\", \"since\": \"2026-11-26T15:00:00Z\", \"truncated\": false}");
        UsageHistory lastHour = client.getUsage("sbx-1", null).get();
        assertThat(gateway.takeRequest().query()).isNull();
        assertThat(lastHour.samples()).isEmpty();
        assertThat(lastHour.latest()).isNull();
    }

    @Test
    void deleteSendsDeleteAndCompletesOnNoContent() throws Exception {
        gateway.reply(204, "");

        assertThat(client.deleteSandbox("sbx-1").get()).isNull();

        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.method()).isEqualTo("DELETE");
        assertThat(sent.path()).isEqualTo("/v1/sandboxes/sbx-1");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test");
    }

    @Test
    void executeCommandLineSendsTheStringAndNoTimeout() throws Exception {
        gateway.reply(
                200,
                "{\"exitCode\": 0, \"stdout\": \"hi\\n\", \"stderr\": \"\", \"durationMs\": 71,"
                        + " \"timedOut\": false, \"truncated\": false}");

        ExecResult result = client.executeCommand("sbx-1", "echo hi").get();

        FakeGateway.Received sent = gateway.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/sandboxes/sbx-1/exec");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{\"command\":\"echo hi\"}");
        assertThat(result).isEqualTo(new ExecResult(0, "hi\n", "", 71, false));
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void executeArgumentListSendsTheListAndTimeoutRoundedUpToSeconds() throws Exception {
        gateway.reply(
                200,
                "{\"exitCode\": 137, \"stdout\": \"\", \"stderr\": \"\", \"durationMs\": 2001,"
                        + " \"timedOut\": true}");

        ExecResult result = client.executeCommand("sbx-1", List.of("sleep", "10"), Duration.ofMillis(1500))
                .get();

        assertThat(json.readTree(gateway.takeRequest().body()))
                .isEqualTo(json.readTree("{\"command\": [\"sleep\", \"10\"], \"timeoutSeconds\": 2}"));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void obviousArgumentErrorsThrowBeforeAnyRequest() {
        assertThatThrownBy(() -> client.getSandbox(" "))
                .isInstanceOf(SandboxValidationException.class)
                .extracting(e -> ((SandboxException) e).field())
                .isEqualTo("id");
        assertThatThrownBy(() -> client.executeCommand("sbx-1", List.of("ls"), Duration.ofHours(2)))
                .isInstanceOf(SandboxValidationException.class)
                .hasMessageContaining("3600")
                .extracting(e -> ((SandboxException) e).field())
                .isEqualTo("timeoutSeconds");
        assertThatThrownBy(() -> client.executeCommand("sbx-1", List.of(), (Duration) null))
                .isInstanceOf(SandboxValidationException.class);
        assertThatThrownBy(() -> client.blocking().createSandbox(null)).isInstanceOf(SandboxValidationException.class);
        assertThat(gateway.pendingRequests()).isZero();
    }

    @Test
    void withoutAnApiKeyNoAuthorizationHeaderIsSent() throws Exception {
        gateway.reply(200, "{\"items\": []}");
        try (SandboxClient anonymous = SandboxClient.builder()
                .baseUrl(gateway.baseUrl())
                .environment(name -> null)
                .build()) {
            assertThat(anonymous.listSandboxes().get()).isEmpty();
        }
        assertThat(gateway.takeRequest().header("Authorization")).isNull();
    }

    @Test
    void builderFallsBackToTheEnvironmentThenToDefaults() throws Exception {
        gateway.reply(200, "{\"items\": []}");
        Map<String, String> env = Map.of("SANDBOX_URL", gateway.baseUrl(), "SANDBOX_API_KEY", "sk-env");
        try (SandboxClient fromEnv =
                SandboxClient.builder().environment(env::get).build()) {
            fromEnv.blocking().listSandboxes();
            assertThat(fromEnv.baseUrl()).isEqualTo(gateway.baseUrl());
        }
        assertThat(gateway.takeRequest().header("Authorization")).isEqualTo("Bearer sk-env");

        try (SandboxClient explicit = SandboxClient.builder()
                .environment(env::get)
                .baseUrl("https://gateway.example/sandbox/")
                .apiKey("sk-explicit")
                .build()) {
            assertThat(explicit.baseUrl()).isEqualTo("https://gateway.example/sandbox");
        }
        try (SandboxClient defaults =
                SandboxClient.builder().environment(name -> null).build()) {
            assertThat(defaults.baseUrl()).isEqualTo(SandboxClient.DEFAULT_BASE_URL);
        }
        assertThatThrownBy(() -> SandboxClient.builder().baseUrl("ftp://host").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxClient.builder()
                        .baseUrl("http://h")
                        .timeout(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedClientRefusesNewCalls() {
        client.close();

        assertThatThrownBy(() -> client.listSandboxes()).isInstanceOf(IllegalStateException.class);
        assertThat(gateway.pendingRequests()).isZero();
    }
}
