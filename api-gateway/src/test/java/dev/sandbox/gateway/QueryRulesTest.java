package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query check runs for the matched route before its handler: a bad query never reaches the handler. */
class QueryRulesTest {
    final AtomicInteger handled = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();
    Javalin app;

    @BeforeEach
    void start() {
        QueryRules rules = new QueryRules()
                .route(
                        "POST",
                        "/v1/things/{id}/stop",
                        QueryRules.bool("wait"),
                        QueryRules.range("waitTimeoutSeconds", 1, 300),
                        QueryRules.range("timeout", 0, 3600))
                .route("GET", "/v1/things", QueryRules.any("label").orMore());
        app = Javalin.create(c -> {
                    c.startup.showJavalinBanner = false;
                    c.routes.beforeMatched("/v1/*", rules::check);
                    c.routes.post("/v1/things/{id}/stop", ctx -> {
                        handled.incrementAndGet();
                        ctx.status(200).result("stopped");
                    });
                    c.routes.get(
                            "/v1/things", ctx -> ctx.status(200).result(String.join(",", ctx.queryParams("label"))));
                    c.routes.post("/v1/unlisted", ctx -> ctx.status(200).result("unchecked"));
                    c.routes.exception(
                            ApiException.class,
                            (e, ctx) -> ctx.status(e.status()).result(e.field() + ": " + e.getMessage()));
                })
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    HttpResponse<String> call(String method, String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badQueriesAreRefusedBeforeTheHandlerRuns() throws Exception {
        Map<String, String> bad = Map.of(
                "?wait=maybe", "wait",
                "?wait=", "wait",
                "?waitTimeoutSeconds=-1", "waitTimeoutSeconds",
                "?waitTimeoutSeconds=abc", "waitTimeoutSeconds",
                "?timeout=99999", "timeout",
                "?wait=true&wait=false", "wait",
                "?wait=true&bogus=1", "bogus");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> r = call("POST", "/v1/things/t1/stop" + b.getKey());
            assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
            assertThat(r.body()).as(b.getKey()).startsWith(b.getValue() + ": ");
        }
        assertThat(handled).hasValue(0);
        assertThat(call("POST", "/v1/things/t1/stop?wait=true&waitTimeoutSeconds=5&timeout=0")
                        .statusCode())
                .isEqualTo(200);
        assertThat(handled).hasValue(1);
    }

    @Test
    void repeatableParametersAndRoutesOutsideTheTable() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/things?label=a%3D1&label=b%3D2");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("a=1,b=2");
        assertThat(call("POST", "/v1/unlisted?anything=1").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/things?status=x").body())
                .contains("unknown query parameter 'status'")
                .contains("known here: label");
    }

    @Test
    void theGatewayTableDeclaresTheWaitParametersOfEveryChangingRoute() {
        QueryRules rules = QueryRules.forGateway(GatewayConfig.defaults());
        for (String route : rules.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            Map<String, QueryRules.Param> params = rules.of(method, path).orElseThrow();
            if (params.containsKey("wait")) {
                assertThat(params).as(route).containsKey("waitTimeoutSeconds");
            }
        }
        assertThat(rules.of("POST", "/v1/sandboxes").orElseThrow()).containsOnlyKeys("wait", "waitTimeoutSeconds");
        assertThat(rules.of("DELETE", "/v1/sandboxes/{id}").orElseThrow())
                .containsOnlyKeys("wait", "waitTimeoutSeconds");
    }
}
