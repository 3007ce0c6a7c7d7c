package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the Kubernetes API cannot be reached, callers get 503 with a message, not a hang or a 500. */
class GatewayUnavailableIT {

    @Test
    void answers503WhenTheKubernetesApiIsUnreachable() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Config config = new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + deadPort)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(1000)
                .withRequestTimeout(2000)
                .build();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
                HikariDataSource dataSource =
                        Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "gw");
                KubernetesClient kubernetes =
                        new KubernetesClientBuilder().withConfig(config).build()) {
            Database.migrate(dataSource);
            ApiKeys keys = new ApiKeys(dataSource);
            keys.ensureTenant("t", "T");
            String key = keys.create("t", "test");
            try (SandboxGateway gateway = new SandboxGateway(
                            GatewayConfig.defaults().withPort(0).withAgentToken("test-agent-token-0123456789"),
                            kubernetes,
                            dataSource)
                    .start()) {
                HttpClient http = HttpClient.newHttpClient();
                for (HttpRequest request : List.of(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/sandboxes"))
                                .header("Authorization", "Bearer " + key)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"busybox\"}"))
                                .build(),
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/sandboxes"))
                                .header("Authorization", "Bearer " + key)
                                .GET()
                                .build())) {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(request, (n, v) -> true)
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                    assertThat(response.body())
                            .contains("\"code\":\"unavailable\"")
                            .contains("Kubernetes API");
                }
            }
        }
    }
}
