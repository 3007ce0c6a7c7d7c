package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A gateway on a real PostgreSQL and the in-memory Kubernetes API, with an administrator key of tenant
 * {@code default} (as dev mode has), for tests that need no Docker: administration, quotas, limits and errors.
 */
final class GatewayFixture implements AutoCloseable {
    final EmbeddedPostgresServer postgres;
    final HikariDataSource dataSource;
    final SandboxGateway gateway;
    final String adminKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture(KubernetesClient kubernetes) throws Exception {
        this(kubernetes, null);
    }

    /** With {@code nodes} (when not null) answering exec and node calls in place of real node agents. */
    <T extends ExecBackend & NodeProxy> GatewayFixture(KubernetesClient kubernetes, T nodes) throws Exception {
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "fixture");
        Database.migrate(dataSource);
        ApiKeys keys = new ApiKeys(dataSource);
        keys.ensureTenant("default", "Default tenant");
        adminKey = keys.createAdmin("default", "fixture admin");
        GatewayConfig config = GatewayConfig.defaults().withPort(0).withAgentToken("fixture-agent-token-0123456789");
        gateway = (nodes == null
                        ? new SandboxGateway(config, kubernetes, dataSource)
                        : new SandboxGateway(config, kubernetes, dataSource, nodes, nodes))
                .start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    /** A call with a JSON body (or none when {@code body} is null). */
    HttpResponse<String> call(String method, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    /** Creates a tenant through the administration API and returns a new key of it. */
    String tenantWithKey(String name, String limitsJson) throws IOException, InterruptedException {
        HttpResponse<String> created = call(
                "POST",
                "/v1/admin/tenants",
                adminKey,
                "{\"name\": \"" + name + "\"" + (limitsJson == null ? "" : ", \"limits\": " + limitsJson) + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> key =
                call("POST", "/v1/admin/tenants/" + name + "/keys", adminKey, "{\"name\": \"test\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return json(key).path("key").asText();
    }

    /** A sandbox create request of the smallest kind, with extra top-level JSON fields. */
    static String sandbox(String extra) {
        return "{\"image\": \"sandbox-busybox:local\", \"command\": [\"sleep\", \"3600\"]"
                + (extra == null ? "" : ", " + extra) + "}";
    }

    /** Removes every Sandbox resource (no operator runs here to take the finalizers off). */
    static void removeSandboxes(KubernetesClient kubernetes) {
        for (Sandbox s : kubernetes
                .resources(Sandbox.class)
                .inNamespace("default")
                .list()
                .getItems()) {
            try {
                kubernetes
                        .resources(Sandbox.class)
                        .inNamespace("default")
                        .withName(s.getMetadata().getName())
                        .edit(current -> {
                            current.getMetadata().setFinalizers(java.util.List.of());
                            return current;
                        });
                kubernetes
                        .resources(Sandbox.class)
                        .inNamespace("default")
                        .withName(s.getMetadata().getName())
                        .delete();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException gone) {
                // Removed with its last finalizer.
            }
        }
    }

    /** Live (not deleting) sandboxes of a tenant. */
    static long live(KubernetesClient kubernetes, String tenant) {
        return kubernetes
                .resources(Sandbox.class)
                .inNamespace("default")
                .withLabel(Sandbox.TENANT_LABEL, tenant)
                .list()
                .getItems()
                .stream()
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .count();
    }

    @Override
    public void close() {
        gateway.close();
        dataSource.close();
        postgres.close();
    }
}
