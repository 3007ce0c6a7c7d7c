package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stopping gateway: it refuses new connections and new calls on open ones, lets the call in flight finish with its
 * whole answer, and stops once that answer has left, not after a fixed pause.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayDrainIT {
    static KubernetesClient client;

    @Test
    void aCallInFlightGetsItsWholeAnswerWhileNewCallsAreRefused() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (GatewayFixture fixture = new GatewayFixture(client);
                Socket open = new Socket(InetAddress.getLoopbackAddress(), fixture.gateway.port())) {
            assertThat(exchange(open, "/healthz")).startsWith("200 ");
            // Waits for the operator, which does not run here: the test plays its part below.
            CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(
                                            URI.create(fixture.url("/v1/sandboxes?wait=true&waitTimeoutSeconds=60")))
                                    .header("Authorization", "Bearer " + fixture.adminKey)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(GatewayFixture.sandbox(null)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> sandboxes().size() == 1);

            // Read before the drain: a closed connector no longer knows its port.
            URI health = URI.create(fixture.url("/healthz"));
            Future<?> drain = background.submit(() -> fixture.gateway.drainAndClose(Duration.ofSeconds(30)));
            HttpClient fresh = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThatThrownBy(() -> fresh.send(
                                    HttpRequest.newBuilder(health)
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                            .isInstanceOf(ConnectException.class));
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> exchange(open, "/healthz").startsWith("503 "));
            assertThat(drain.isDone())
                    .as("the drain waits for the call in flight")
                    .isFalse();
            assertThat(inFlight.isDone()).isFalse();

            Sandbox created = sandboxes().get(0);
            SandboxStatus status = new SandboxStatus();
            status.setPhase(SandboxPhase.Running);
            created.setStatus(status);
            client.resource(created).update();

            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            JsonNode body = GatewayFixture.json(answer);
            assertThat(body.path("id").asText()).isEqualTo(created.getMetadata().getName());
            assertThat(body.path("phase").asText()).isEqualTo("Running");
            drain.get(30, TimeUnit.SECONDS);
        } finally {
            background.shutdownNow();
            GatewayFixture.removeSandboxes(client);
        }
    }

    private static List<Sandbox> sandboxes() {
        return client.resources(Sandbox.class).inNamespace("default").list().getItems();
    }

    /**
     * One GET on an open keep-alive connection; the status line without "HTTP/1.1 " and the body after a blank line.
     */
    private static String exchange(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        String status = head.substring(head.indexOf(' ') + 1, head.indexOf("\r\n"));
        return status + "\n\n" + new String(body, StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the answer's headers ended");
            }
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
    }
}
