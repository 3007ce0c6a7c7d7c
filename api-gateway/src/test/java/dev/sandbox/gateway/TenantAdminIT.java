package dev.sandbox.gateway;

import static dev.sandbox.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The administration API: tenants, limits and keys, only for administrator keys, each action audited. */
@EnableKubernetesMockClient(crud = true)
class TenantAdminIT {
    static KubernetesClient client;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(client);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void anAdministratorManagesTenantsAndKeysAndEveryChangeIsAudited() throws Exception {
        HttpResponse<String> created = fixture.call(
                "POST",
                "/v1/admin/tenants",
                fixture.adminKey,
                "{\"name\": \"team-a\", \"limits\": {\"sandboxes\": 5, \"cpu\": 2.5, \"memory\": \"4g\", \"disk\": \"20g\", \"requestsPerSecond\": 50}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode tenant = json(created);
        assertThat(tenant.path("name").asText()).isEqualTo("team-a");
        assertThat(tenant.at("/limits/sandboxes").asInt()).isEqualTo(5);
        assertThat(tenant.at("/limits/cpu").asDouble()).isEqualTo(2.5);
        assertThat(tenant.at("/limits/memory").asText()).isEqualTo("4g");
        assertThat(tenant.at("/limits/disk").asText()).isEqualTo("20g");
        assertThat(tenant.at("/limits/requestsPerSecond").asInt()).isEqualTo(50);

        assertThat(fixture.call("POST", "/v1/admin/tenants", fixture.adminKey, "{\"name\": \"team-a\"}")
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> list = fixture.call("GET", "/v1/admin/tenants", fixture.adminKey, null);
        List<String> names = new ArrayList<>();
        json(list).path("items").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).contains("default", "team-a");

        HttpResponse<String> patched = fixture.call(
                "PATCH",
                "/v1/admin/tenants/team-a",
                fixture.adminKey,
                "{\"limits\": {\"sandboxes\": 7, \"disk\": null}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).at("/limits/sandboxes").asInt()).isEqualTo(7);
        assertThat(json(patched).at("/limits/disk").isNull()).isTrue();
        assertThat(json(patched).at("/limits/memory").asText())
                .as("a limit left out stays")
                .isEqualTo("4g");
        JsonNode one = json(fixture.call("GET", "/v1/admin/tenants/team-a", fixture.adminKey, null));
        assertThat(one.at("/usage/sandboxes").asInt()).isZero();

        HttpResponse<String> key =
                fixture.call("POST", "/v1/admin/tenants/team-a/keys", fixture.adminKey, "{\"name\": \"ci\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        String plain = json(key).path("key").asText();
        long keyId = json(key).path("id").asLong();
        assertThat(plain).startsWith("sbx_").startsWith(json(key).path("prefix").asText());
        assertThat(fixture.call("GET", "/v1/sandboxes", plain, null).statusCode())
                .isEqualTo(200);

        HttpResponse<String> keys = fixture.call("GET", "/v1/admin/tenants/team-a/keys", fixture.adminKey, null);
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).as("the key is shown only once").doesNotContain(plain);
        assertThat(json(keys).at("/items/0/name").asText()).isEqualTo("ci");
        assertThat(json(keys).at("/items/0/admin").asBoolean()).isFalse();

        assertThat(fixture.call("DELETE", "/v1/admin/keys/" + keyId, fixture.adminKey, null)
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> afterRevoke = fixture.call("GET", "/v1/sandboxes", plain, null);
        assertThat(afterRevoke.statusCode()).as("revoked at once").isEqualTo(401);
        assertThat(json(fixture.call("GET", "/v1/admin/tenants/team-a/keys", fixture.adminKey, null))
                        .at("/items/0/revokedAt")
                        .isNull())
                .isFalse();
        assertThat(fixture.call("DELETE", "/v1/admin/keys/999999", fixture.adminKey, null)
                        .statusCode())
                .isEqualTo(404);

        String second = fixture.tenantWithKey("team-gone", null);
        assertThat(fixture.call("DELETE", "/v1/admin/tenants/team-gone", fixture.adminKey, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(fixture.call("GET", "/v1/sandboxes", second, null).statusCode())
                .as("keys of a deleted tenant")
                .isEqualTo(401);
        assertThat(fixture.call("GET", "/v1/admin/tenants/team-gone", fixture.adminKey, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(fixture.call("DELETE", "/v1/admin/tenants/default", fixture.adminKey, null)
                        .statusCode())
                .as("the caller's own tenant")
                .isEqualTo(409);

        List<String> actions = new ArrayList<>();
        try (Connection c = fixture.dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select action, target, actor_tenant from admin_audit order by id")) {
            while (r.next()) {
                actions.add(r.getString(1) + " " + r.getString(2) + " by " + r.getString(3));
            }
        }
        assertThat(actions)
                .contains(
                        "tenant.create team-a by default",
                        "tenant.update team-a by default",
                        "key.create key/" + keyId + " by default",
                        "key.revoke key/" + keyId + " by default",
                        "tenant.delete team-gone by default");
        JsonNode audit = json(fixture.call("GET", "/v1/admin/audit?limit=3", fixture.adminKey, null));
        assertThat(audit.path("items")).hasSize(3);
        assertThat(audit.at("/items/0/action").asText()).isEqualTo("tenant.delete");
    }

    @Test
    void aTenantKeyGets403OnEveryAdministrationRoute() throws Exception {
        String tenantKey = fixture.tenantWithKey("plain-tenant", null);
        String[][] routes = {
            {"POST", "/v1/admin/tenants", "{\"name\": \"sneaky\"}"},
            {"GET", "/v1/admin/tenants", null},
            {"GET", "/v1/admin/tenants/plain-tenant", null},
            {"PATCH", "/v1/admin/tenants/plain-tenant", "{\"limits\": {\"sandboxes\": 1000}}"},
            {"DELETE", "/v1/admin/tenants/default", null},
            {"POST", "/v1/admin/tenants/default/keys", "{}"},
            {"GET", "/v1/admin/tenants/default/keys", null},
            {"DELETE", "/v1/admin/keys/1", null},
            {"GET", "/v1/admin/audit", null}
        };
        for (String[] route : routes) {
            HttpResponse<String> answer = fixture.call(route[0], route[1], tenantKey, route[2]);
            assertThat(answer.statusCode())
                    .as(route[0] + " " + route[1] + ": " + answer.body())
                    .isEqualTo(403);
            assertThat(json(answer).at("/error/code").asText()).isEqualTo("forbidden");
            assertThat(fixture.call(route[0], route[1], null, route[2]).statusCode())
                    .as("without a key")
                    .isEqualTo(401);
        }
        assertThat(fixture.call("GET", "/v1/admin/tenants/sneaky", fixture.adminKey, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void badAdministrationInputIsA400NamingTheField() throws Exception {
        String[][] cases = {
            {"{\"name\": \"Not_A_Name\"}", "name"},
            {"{\"limits\": {}}", "name"},
            {"{\"name\": \"ok-name\", \"limits\": {\"cpu\": -1}}", "limits.cpu"},
            {"{\"name\": \"ok-name\", \"limits\": {\"memory\": \"999999999g\"}}", "limits.memory"},
            {"{\"name\": \"ok-name\", \"limits\": {\"sandboxes\": 9223372036854775807}}", "limits.sandboxes"},
            {"{\"name\": \"ok-name\", \"limits\": {\"requestsPerSecond\": 0}}", "limits.requestsPerSecond"},
            {"{\"name\": \"ok-name\", \"limits\": {\"gpus\": 1}}", "limits.gpus"},
            {"{\"name\": \"ok-name\", \"extra\": 1}", "extra"}
        };
        for (String[] c : cases) {
            HttpResponse<String> answer = fixture.call("POST", "/v1/admin/tenants", fixture.adminKey, c[0]);
            assertThat(answer.statusCode()).as(c[0] + ": " + answer.body()).isEqualTo(400);
            assertThat(json(answer).at("/error/field").asText()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(fixture.call("GET", "/v1/admin/tenants/ok-name", fixture.adminKey, null)
                        .statusCode())
                .as("nothing created")
                .isEqualTo(404);
    }

    @Test
    void aKeyRevokedOnOneReplicaStopsWorkingOnAnotherWithinASecond() throws Exception {
        String key = fixture.tenantWithKey("two-replicas", null);
        try (SandboxGateway replica = new SandboxGateway(
                        GatewayConfig.defaults().withPort(0).withAgentToken("fixture-agent-token-0123456789"),
                        client,
                        fixture.dataSource)
                .start()) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest onReplica = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + replica.port() + "/v1/sandboxes"))
                    .header("Authorization", "Bearer " + key)
                    .build();
            assertThat(http.send(onReplica, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            long id = json(fixture.call("GET", "/v1/admin/tenants/two-replicas/keys", fixture.adminKey, null))
                    .at("/items/0/id")
                    .asLong();
            assertThat(fixture.call("DELETE", "/v1/admin/keys/" + id, fixture.adminKey, null)
                            .statusCode())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> http.send(onReplica, HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 401);
        }
    }
}
