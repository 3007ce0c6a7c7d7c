package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.gateway.ActivityKind;
import dev.sandbox.gateway.LastActivity;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preview URLs end to end: a real HTTP server (and a WebSocket one) inside a sandbox, reached through the gateway. */
class PreviewIT {
    static final String WS_SERVER = """
      #!/bin/sh
      key=""
      while IFS= read -r line; do
        line=$(printf '%s' "$line" | tr -d '\\r')
        [ -z "$line" ] && break
        case "$line" in [Ss]ec-[Ww]eb[Ss]ocket-[Kk]ey:*) key=$(printf '%s' "${line#*:}" | tr -d ' ') ;; esac
      done
      accept=$(printf '%s' "${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11" | sha1sum | cut -d' ' -f1 | sed 's/../\\\\x&/g')
      accept=$(printf "$accept" | base64)
      printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: %s\\r\\n\\r\\n' "$accept"
      printf '\\201\\014hello-client'
      dd bs=1 count=2 of=/tmp/ws-received 2>/dev/null
      printf '\\201\\004done'
      sleep 2
      """;

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static String id;
    static String subdomain = "site-" + UUID.randomUUID().toString().substring(0, 6);
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = DevStack.start(DevSettings.forTests(
                home, "preview-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", """
        {"image": "sandbox-busybox:local",
         "command": "mkdir -p /workspace/site; httpd -p 8080 -h /workspace/site; exec nc -ll -p 8081 -e /workspace/ws.sh",
         "ports": [{"internal": 8080, "subdomain": "%s"}, {"internal": 8081}, {"internal": 8082}]}""".formatted(subdomain));
        assertThat(created.body().path("phase").asText()).as(created.raw()).isEqualTo("Running");
        id = created.body().get("id").asText();
        put("site/index.html", "hello preview\n".getBytes(StandardCharsets.UTF_8));
        put("site/big.bin", new byte[5 * 1024 * 1024]);
        put("ws.sh", WS_SERVER.getBytes(StandardCharsets.UTF_8));
        Rest.Answer chmod = rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"chmod +x /workspace/ws.sh\"}");
        assertThat(chmod.body().get("exitCode").asInt()).isZero();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static void put(String path, byte[] content) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(
                                stack.gatewayUrl() + "/v1/sandboxes/" + id + "/volumes/workspace/file?path=" + path))
                        .header("Authorization", "Bearer " + stack.apiKey())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    static HttpResponse<byte[]> get(String path, String key, String... headers) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** A request with a Host header of our choosing, which the JDK client does not allow. */
    static String rawGet(String host, String path, String headers) throws Exception {
        int port = URI.create(stack.gatewayUrl()).getPort();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pathFormServesTheAppWithTheOwnersKeyAndStreamsLargeBodies() throws Exception {
        String base = "/v1/sandboxes/" + id + "/ports/8080";
        HttpResponse<byte[]> page = get(base + "/index.html", stack.apiKey());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).isEqualTo("hello preview\n");
        assertThat(text(get(base + "/", stack.apiKey()))).isEqualTo("hello preview\n");
        HttpResponse<byte[]> big = get(base + "/big.bin", stack.apiKey());
        assertThat(big.body()).hasSize(5 * 1024 * 1024);
        assertThat(get(base + "/missing.html", stack.apiKey()).statusCode()).isEqualTo(404);

        HttpResponse<byte[]> anonymous = get(base + "/index.html", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(text(anonymous)).contains("preview token");
        assertThat(get("/v1/sandboxes/" + id + "/ports/9999/", stack.apiKey()).statusCode())
                .isEqualTo(404);
        HttpResponse<byte[]> nobodyListens = get("/v1/sandboxes/" + id + "/ports/8082/", stack.apiKey());
        assertThat(nobodyListens.statusCode()).as(text(nobodyListens)).isEqualTo(502);

        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("stranger", "Stranger");
        assertThat(get(base + "/index.html", keys.create("stranger", "test")).statusCode())
                .isEqualTo(404);
        // The refused call is not recorded; the last use was a preview.
        assertThat(stack.gateway().lastActivity(id).map(LastActivity::kind)).contains(ActivityKind.PREVIEW);
    }

    @Test
    void hostFormAndSubdomainsServeTheAppAtTheRootOfItsHost() throws Exception {
        String auth = "Authorization: Bearer " + stack.apiKey() + "\r\n";
        String byPort = rawGet("8080-" + id + ".preview.test", "/index.html", auth);
        assertThat(byPort).startsWith("HTTP/1.1 200").contains("hello preview");
        String bySubdomain = rawGet(subdomain + ".preview.test:80", "/", auth);
        assertThat(bySubdomain).startsWith("HTTP/1.1 200").contains("hello preview");
        assertThat(rawGet("8080-" + id + ".preview.test", "/", "")).startsWith("HTTP/1.1 401");
        assertThat(rawGet("nothing-here.preview.test", "/", auth)).startsWith("HTTP/1.1 404");
        // The API itself is still there for its own host.
        assertThat(rawGet("127.0.0.1", "/healthz", ""))
                .startsWith("HTTP/1.1 200")
                .contains("\"ok\"");
    }

    @Test
    void previewTokensOpenTheAppWithoutAKeyUntilTheyExpire() throws Exception {
        Rest.Answer issued = rest.post("/v1/sandboxes/" + id + "/preview-token", "{\"expiresInSeconds\": 600}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String token = issued.body().get("token").asText();
        JsonNode url = issued.body().get("urls").get(0);
        assertThat(url.get("port").asInt()).isEqualTo(8080);
        assertThat(url.get("url").asText()).isEqualTo("http://" + subdomain + ".preview.test/?sandbox_token=" + token);
        assertThat(url.get("pathUrl").asText())
                .isEqualTo("/v1/sandboxes/" + id + "/ports/8080/?sandbox_token=" + token);

        HttpResponse<byte[]> withToken = get(url.get("pathUrl").asText(), null);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(text(withToken)).isEqualTo("hello preview\n");
        String cookie = withToken.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("sandbox_preview_token=" + token)
                .contains("HttpOnly")
                .contains("Path=/v1/sandboxes/" + id + "/ports/8080/");
        assertThat(get(
                                "/v1/sandboxes/" + id + "/ports/8080/index.html",
                                null,
                                "Cookie",
                                "sandbox_preview_token=" + token)
                        .statusCode())
                .isEqualTo(200);
        assertThat(rawGet("8080-" + id + ".preview.test", "/?sandbox_token=" + token, ""))
                .startsWith("HTTP/1.1 200");

        assertThat(get(
                                "/v1/sandboxes/" + id + "/ports/8080/?sandbox_token="
                                        + token.substring(0, token.length() - 3) + "abc",
                                null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(rest.post("/v1/sandboxes/" + id + "/preview-token", "{\"expiresInSeconds\": 5}")
                        .status())
                .isEqualTo(400);
        assertThat(rest.withKey(null)
                        .post("/v1/sandboxes/" + id + "/preview-token", "{}")
                        .status())
                .isEqualTo(401);
    }

    /** Collects text messages. */
    static final class Messages implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
        }
    }

    @Test
    void webSocketsReachTheApp() throws Exception {
        Messages messages = new Messages();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + stack.apiKey())
                .buildAsync(
                        URI.create(stack.gatewayUrl().replace("http", "ws") + "/v1/sandboxes/" + id
                                + "/ports/8081/socket"),
                        messages)
                .get(10, TimeUnit.SECONDS);
        assertThat(messages.received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello-client");
        ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
        assertThat(messages.received.poll(10, TimeUnit.SECONDS)).isEqualTo("done");
        ws.abort();
    }

    @Test
    void webSocketsReachTheAppOnItsPreviewHostToo() throws Exception {
        int port = URI.create(stack.gatewayUrl()).getPort();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("GET /socket HTTP/1.1\r\nHost: 8081-" + id + ".preview.test\r\nUpgrade: websocket\r\n"
                                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                    + "Authorization: Bearer " + stack.apiKey() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            assertThat(head.toString()).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            // First frame from the app: FIN + text, unmasked, 12 bytes "hello-client".
            byte[] frame = in.readNBytes(14);
            assertThat(frame[0] & 0xff).isEqualTo(0x81);
            assertThat(new String(frame, 2, 12, StandardCharsets.UTF_8)).isEqualTo("hello-client");
        }
    }

    @Test
    void aStoppedSandboxAnswers503AndAPublicOneNeedsNoKey() throws Exception {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", """
        {"image": "sandbox-busybox:local", "public": true, "command": "echo open > /workspace/index.html; exec httpd -f -p 8080 -h /workspace",
         "ports": [{"internal": 8080}]}""");
        String open = created.body().get("id").asText();
        assertThat(created.body().get("public").asBoolean()).isTrue();
        assertThat(rest.get("/v1/sandboxes/" + id).body().get("public").asBoolean())
                .isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/v1/sandboxes/" + open + "/ports/8080/", null).statusCode() == 200);
        assertThat(text(get("/v1/sandboxes/" + open + "/ports/8080/", null))).isEqualTo("open\n");

        Sandbox resource = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(open)
                .get();
        resource.getSpec().setDesiredState(DesiredState.Stopped);
        stack.kubernetesClient().resource(resource).update();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + open)
                        .body()
                        .path("phase")
                        .asText()
                        .equals("Stopped"));
        HttpResponse<byte[]> stopped = get("/v1/sandboxes/" + open + "/ports/8080/", stack.apiKey());
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(text(stopped)).contains("Stopped");
    }
}
