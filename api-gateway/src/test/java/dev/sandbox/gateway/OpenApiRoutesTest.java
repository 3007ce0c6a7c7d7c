package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.agent.AgentPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document names exactly the routes the gateway has, and is served without a key. Needs no Docker and no
 * PostgreSQL: the gateway is built on the in-memory Kubernetes API and a database that is never reached.
 */
@EnableKubernetesMockClient(crud = true)
class OpenApiRoutesTest {
    /**
     * The E2B-compatible front door at the root of the address follows E2B's own API (see docs/e2b-compatibility.md),
     * not this document: its control plane ({@code /sandboxes}, {@code /v2/sandboxes}, {@code /templates}) and its data
     * plane ({@code /health}, {@code /files}, the Connect services).
     */
    static final List<String> E2B_PATHS = List.of(
            "/sandboxes",
            "/v2/sandboxes",
            "/templates/",
            "/health",
            "/files",
            "/process.Process/",
            "/filesystem.Filesystem/");

    static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    KubernetesClient client;
    SandboxGateway gateway;

    @BeforeEach
    void build() {
        gateway = new SandboxGateway(
                GatewayConfig.defaults().withPort(0).withAgentToken("openapi-test-agent-token-0123456789"),
                client,
                unreachableDatabase());
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void theDocumentNamesEveryRouteOfTheGatewayAndNoOther() {
        Set<String> routes = gatewayRoutes(gateway);
        Set<String> documented = operations(OpenApiDocument.load().tree());
        assertThat(routes).as("routes found in the gateway").hasSizeGreaterThan(60);
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(documented);
        Set<String> invented = new TreeSet<>(documented);
        invented.removeAll(routes);
        assertThat(missing)
                .as("routes of the gateway that api-gateway/src/main/resources/openapi/*.yaml lacks")
                .isEmpty();
        assertThat(invented)
                .as("operations of the OpenAPI document that name no route of the gateway")
                .isEmpty();
    }

    @Test
    void everyCallPassedOnToTheNodeAgentHasTheSameRouteInTheRestApi() {
        // The gateway passes /v1/sandboxes/{id}<sub-path> on to the agent's <sandbox><sub-path>: the sub-paths must
        // agree.
        Set<String> routes = gatewayRoutes(gateway);
        for (String call : AgentPaths.PASSED_ON) {
            String method = call.substring(0, call.indexOf(' '));
            assertThat(routes)
                    .as("REST route of the agent's " + call)
                    .contains(method + " /v1/sandboxes/{id}" + call.substring(call.indexOf(' ') + 1));
        }
    }

    @Test
    void theDocumentIsServedWithoutAnApiKey() throws Exception {
        gateway.start();
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/openapi.json"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode served = Json.MAPPER.readTree(answer.body());
        assertThat(served.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(served).isEqualTo(OpenApiDocument.load().tree());
        // The API itself still wants a key.
        HttpResponse<String> api = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/sandboxes"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
    }

    /**
     * Every HTTP route as {@code METHOD path} with Javalin's {@code <rest>} written {@code {rest}} as OpenAPI does, plus
     * each WebSocket route as the {@code GET} that upgrades, without the E2B front door and without the catch-all socket
     * of preview hosts ({@code /<path>}: a request to {@code https://{port}-{id}.preview...} names no path of the API).
     */
    static Set<String> gatewayRoutes(SandboxGateway gateway) {
        Set<String> routes = new TreeSet<>();
        for (String route : gateway.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (HTTP_METHODS.contains(method) && !isE2b(path)) {
                routes.add(method + " " + openApiPath(path));
            }
        }
        for (String path : gateway.webSocketRoutes()) {
            if (!path.equals("/<path>") && !isE2b(path)) {
                routes.add("GET " + openApiPath(path));
            }
        }
        return routes;
    }

    static boolean isE2b(String path) {
        return E2B_PATHS.stream()
                .anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p) || path.startsWith(p + "/"));
    }

    static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>]+)>", "{$1}");
    }

    /** Every operation of the document as {@code METHOD path}. */
    static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> keys = document.path("paths").path(path).fieldNames(); keys.hasNext(); ) {
                String key = keys.next().toUpperCase(Locale.ROOT);
                if (HTTP_METHODS.contains(key)) {
                    operations.add(key + " " + path);
                }
            }
        }
        return operations;
    }

    /** A database that is never reached by what these tests do; a call to it fails loudly. */
    static DataSource unreachableDatabase() {
        return (DataSource) Proxy.newProxyInstance(
                OpenApiRoutesTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "unreachable database";
                    }
                    throw new SQLException("no database in this test");
                });
    }
}
