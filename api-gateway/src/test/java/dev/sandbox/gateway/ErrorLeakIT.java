package dev.sandbox.gateway;

import static dev.sandbox.gateway.GatewayFixture.json;
import static dev.sandbox.gateway.GatewayFixture.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.AgentExecResult;
import dev.sandbox.agent.SocketListener;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.Database;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error is the documented JSON and says nothing about the inside: no SQL, Java names, paths, HTML or echoes. */
@EnableKubernetesMockClient(crud = true)
class ErrorLeakIT {
    static KubernetesClient client;
    static GatewayFixture fixture;

    /** A node that fails the way a bug inside would: an exception whose message names classes and staging paths. */
    static final class BrokenNode implements ExecBackend, NodeProxy {
        @Override
        public AgentExecResult exec(SandboxTarget target, AgentExecRequest request) {
            throw new BackendUnavailableException("the node agent of node n1 at 10.1.2.3:7070 is unreachable", null);
        }

        @Override
        public void stream(SandboxTarget target, AgentExecRequest request, EventSink sink) {
            throw new IllegalStateException("unexpected");
        }

        @Override
        public AgentSocket openExecSession(SandboxTarget target, AgentExecRequest request, SocketListener listener) {
            throw new IllegalStateException("unexpected");
        }

        @Override
        public ProxyResponse forward(SandboxTarget target, ProxyRequest request) {
            throw new IllegalStateException(
                    "cannot move /var/lib/sandbox/staging/upload-1234.part: java.nio.file.AccessDeniedException");
        }

        @Override
        public AgentSocket openSocket(
                SandboxTarget target,
                String subPath,
                String query,
                Map<String, List<String>> headers,
                List<String> subprotocols,
                SocketListener listener) {
            throw new IllegalStateException("unexpected");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(client, new BrokenNode());
    }

    @AfterEach
    void removeSandboxes() {
        GatewayFixture.removeSandboxes(client);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static void assertCleanJson(int status, String contentType, String body) {
        assertThat(contentType).as(body).startsWith("application/json");
        assertThat(body)
                .as("status " + status)
                .startsWith("{\"error\":{\"code\":")
                .doesNotContain("<html")
                .doesNotContain("Exception")
                .doesNotContain("java.")
                .doesNotContain("org.")
                .doesNotContain("/var/lib")
                .doesNotContain("SQL")
                .doesNotContain("jdbc");
    }

    @Test
    void a500SaysNothingAboutTheInsideAndA503NamesNoAddress() throws Exception {
        String id = json(fixture.call("POST", "/v1/sandboxes", fixture.adminKey, sandbox(null)))
                .path("id")
                .asText();
        client.resources(Sandbox.class).inNamespace("default").withName(id).edit(s -> {
            s.getSpec().setNodeName("n1");
            return s;
        });
        HttpResponse<String> failed = fixture.call("GET", "/v1/sandboxes/" + id + "/logs", fixture.adminKey, null);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertCleanJson(500, failed.headers().firstValue("Content-Type").orElse(""), failed.body());
        assertThat(json(failed).at("/error/message").asText()).contains("reference");
    }

    @Test
    void a503FromAnUnreachableDatabaseCarriesNoSqlText() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (HikariDataSource dead = Database.pool(
                        "jdbc:postgresql://127.0.0.1:" + deadPort + "/sandbox", "sandbox", "secret", "dead");
                SandboxGateway gateway = new SandboxGateway(
                                GatewayConfig.defaults().withPort(0).withAgentToken("fixture-agent-token-0123456789"),
                                client,
                                dead)
                        .start()) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/sandboxes"))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Authorization", "Bearer " + fixture.adminKey)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertCleanJson(503, answer.headers().firstValue("Content-Type").orElse(""), answer.body());
            assertThat(answer.body())
                    .doesNotContain(Integer.toString(deadPort))
                    .doesNotContain("Connection")
                    .doesNotContain("postgres");
        }
    }

    /** Raw HTTP, since the JDK client refuses to send such requests. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fixture.gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void jettysOwnErrorsAreJsonToo() throws Exception {
        String longUri =
                raw("GET /v1/sandboxes/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(longUri).startsWith("HTTP/1.1 414");
        assertJsonAnswer(longUri);
        String bigHeaders = raw("GET /v1/sandboxes HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(bigHeaders).startsWith("HTTP/1.1 431");
        assertJsonAnswer(bigHeaders);
        String malformed = raw("GET /v1/sandboxes HTTP/1.1\r\nHost: x\r\nNo colon here\r\nConnection: close\r\n\r\n");
        assertThat(malformed).startsWith("HTTP/1.1 400");
        assertJsonAnswer(malformed);
    }

    private static void assertJsonAnswer(String response) {
        String lower = response.toLowerCase(Locale.ROOT);
        assertThat(lower).contains("content-type: application/json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertCleanJson(0, "application/json", body);
    }

    @Test
    void largeInputsAreNeverEchoedBack() throws Exception {
        String huge = "A".repeat(900_000);
        for (String body : List.of(
                "{\"image\": \"" + huge + "\"}",
                "{\"image\": \"busybox\", \"" + huge + "\": 1}",
                "{\"image\": \"busybox\", \"environment\": {\"" + huge + "\": \"x\"}}",
                "{\"image\": \"busybox\", \"resources\": {\"memory\": \"" + huge + "\"}}",
                "{\"image\": \"busybox\", \"resources\": {\"cpu\": \"" + huge + "\"}}",
                "{\"image\": \"busybox\", \"volumes\": {\"" + huge + "\": {}}}")) {
            HttpResponse<String> answer = fixture.call("POST", "/v1/sandboxes", fixture.adminKey, body);
            assertThat(answer.statusCode())
                    .as(answer.body().substring(0, Math.min(300, answer.body().length())))
                    .isIn(400, 404);
            assertThat(answer.body().length()).as("answer size").isLessThan(2000);
            assertCleanJson(
                    answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(""),
                    answer.body());
        }
        HttpResponse<String> since =
                fixture.call("GET", "/v1/sandboxes/sbx-none/usage?since=" + "x".repeat(6000), fixture.adminKey, null);
        assertThat(since.body().length()).isLessThan(2000);
    }

    @Test
    void aBodyPastTheLimitIsA413InJson() throws Exception {
        String body = "{\"image\": \"busybox\", \"environment\": {\"A\": \"" + "x".repeat(2 << 20) + "\"}}";
        HttpResponse<String> answer = fixture.call("POST", "/v1/sandboxes", fixture.adminKey, body);
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("too_large");
        // Without a Content-Length (chunked), the same.
        HttpResponse<String> chunked = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(fixture.url("/v1/sandboxes")))
                                .header("Authorization", "Bearer " + fixture.adminKey)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(json(chunked).at("/error/code").asText()).isEqualTo("too_large");
    }

    @Test
    void anUnauthenticatedPreviewAnswersTheSameForRealAndUnknownSandboxes() throws Exception {
        String id = json(fixture.call(
                        "POST", "/v1/sandboxes", fixture.adminKey, sandbox("\"ports\": [{\"internal\": 8080}]")))
                .path("id")
                .asText();
        HttpResponse<String> real = fixture.call("GET", "/v1/sandboxes/" + id + "/ports/8080/", null, null);
        HttpResponse<String> unknown = fixture.call("GET", "/v1/sandboxes/sbx-nosuchthing/ports/8080/", null, null);
        assertThat(real.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(real.statusCode());
        assertThat(unknown.body()).isEqualTo(real.body().replace(id, "sbx-nosuchthing"));
        HttpResponse<String> realBadToken =
                fixture.call("GET", "/v1/sandboxes/" + id + "/ports/8080/?sandbox_token=forged", null, null);
        HttpResponse<String> unknownBadToken =
                fixture.call("GET", "/v1/sandboxes/sbx-nosuchthing/ports/8080/?sandbox_token=forged", null, null);
        assertThat(unknownBadToken.statusCode())
                .isEqualTo(realBadToken.statusCode())
                .isEqualTo(401);
        assertThat(unknownBadToken.body()).isEqualTo(realBadToken.body().replace(id, "sbx-nosuchthing"));
    }
}
