package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Short calls go over the JDK's blocking connection with keep-alive. A command must never run twice: when the gateway
 * drops a reused connection after the exec request arrived, the SDK reports the failure instead of sending it again.
 */
class BlockingExchangeTest {

    /** A one-thread HTTP server: answers the first request on a connection, then drops the connection on the second. */
    static final class DroppingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final Thread thread = new Thread(this::serve, "dropping-server");

        DroppingServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = connection.getOutputStream();
                    for (int request = 0; ; request++) {
                        String line = in.readLine();
                        if (line == null) {
                            break;
                        }
                        requestLines.add(line);
                        int length = 0;
                        for (String header = in.readLine();
                                header != null && !header.isEmpty();
                                header = in.readLine()) {
                            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                                length = Integer.parseInt(header.substring("content-length:".length())
                                        .trim());
                            }
                        }
                        in.skip(length);
                        if (request > 0) {
                            break; // the request arrived; the answer never comes
                        }
                        byte[] body = "{\"items\": []}".getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                        + "\r\nKeep-Alive: timeout=30\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aCommandWhoseConnectionDropsIsReportedAndNotSentAgain() throws Exception {
        try (DroppingServer server = new DroppingServer();
                SandboxClient client = SandboxClient.builder()
                        .baseUrl(server.baseUrl())
                        .apiKey("sk-test")
                        .timeout(Duration.ofSeconds(5))
                        .build()) {
            assertThat(client.listSandboxes().get(10, TimeUnit.SECONDS)).isEmpty();
            assertThatThrownBy(() -> client.blocking()
                            .executeCommand("sbx-1", List.of("touch", "/tmp/once"), Duration.ofSeconds(5)))
                    .isInstanceOf(SandboxConnectionException.class)
                    .hasMessageContaining("POST " + server.baseUrl() + "/v1/sandboxes/sbx-1/exec");
            Thread.sleep(200);
            assertThat(server.requestLines)
                    .filteredOn(line -> line.startsWith("POST"))
                    .hasSize(1);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }
}
