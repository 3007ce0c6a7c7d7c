package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mutating route of the gateway, walked from the routes it has registered (so a route added later is covered or
 * makes this test fail): a valid request spoiled by one bad query parameter, and one with a bad body, is answered 400
 * naming the parameter or field, and nothing has changed: no sandbox, volume, file, process or history row.
 */
class RequestValidationIT {
    static final String IMAGE = "sandbox-busybox:local";
    static final String JSON = "application/json";
    static final String BYTES = "application/octet-stream";
    /** Spoil any route's request: unknown parameters, and the common ones with malformed values. */
    static final List<String> BAD_ANYWHERE = List.of(
            "bogus=1",
            "wait=maybe",
            "wait=",
            "waitTimeoutSeconds=-1",
            "waitTimeoutSeconds=abc",
            "timeout=abc",
            "wait=true&wait=false");

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static String id;
    static String processId;
    static final String MOUNTED = "mounted-vol";
    static final String SPARE = "spare-vol";
    static final String SNAPSHOT = "snap-keep";
    static final String TENANT = "tenant-keep";
    static String keyId;

    /**
     * A valid request to one route, and how to spoil it beyond {@link #BAD_ANYWHERE}.
     *
     * @param query valid query (without '?'), or ""
     * @param badQueries whole queries with one bad value for this route's own parameters
     * @param badBody a body with one bad field, or null when the route takes no body
     */
    record Sample(String query, String contentType, String body, List<String> badQueries, String badBody) {
        static Sample none() {
            return new Sample("", null, null, List.of(), null);
        }

        static Sample json(String body, String badBody) {
            return new Sample("", JSON, body, List.of(), badBody);
        }
    }

    static Map<String, Sample> samples() {
        String sandbox = "/v1/sandboxes/{id}";
        String volume = sandbox + "/volumes/{volumeId}";
        String process = sandbox + "/processes/{processId}";
        Map<String, Sample> s = new TreeMap<>();
        s.put(
                "POST /v1/sandboxes",
                Sample.json("{\"image\": \"" + IMAGE + "\"}", "{\"image\": \"" + IMAGE + "\", \"privileged\": true}"));
        s.put("DELETE " + sandbox, Sample.none());
        s.put(
                "POST " + sandbox + "/stop",
                new Sample("timeout=1", null, null, List.of("timeout=-1", "timeout=99999"), null));
        s.put("POST " + sandbox + "/start", Sample.none());
        s.put("POST " + sandbox + "/restart", Sample.none());
        s.put("POST " + sandbox + "/pause", Sample.none());
        s.put("POST " + sandbox + "/resume", Sample.none());
        s.put(
                "POST " + sandbox + "/snapshots",
                Sample.json("{\"name\": \"snap-new\"}", "{\"name\": \"snap-new\", \"memory\": true}"));
        s.put("POST " + sandbox + "/fork", Sample.json("{\"memory\": false}", "{\"memory\": false, \"bogus\": 1}"));
        s.put("DELETE /v1/snapshots/{name}", Sample.none());
        s.put(
                "PUT " + sandbox + "/environment",
                Sample.json("{\"environment\": {\"A\": \"1\"}}", "{\"environment\": {\"A\": 1}}"));
        s.put("PUT " + sandbox + "/entrypoint", Sample.json("{\"command\": \"sleep 1000\"}", "{\"command\": 5}"));
        s.put(
                "POST " + sandbox + "/mounts",
                Sample.json(
                        "{\"volume\": \"" + SPARE + "\", \"mountPath\": \"/data2\"}",
                        "{\"volume\": \"" + SPARE + "\", \"mountPath\": \"relative\"}"));
        s.put("DELETE " + sandbox + "/mounts/{volume}", Sample.none());
        s.put("POST /v1/network-volumes", Sample.json("{\"name\": \"fresh-vol\"}", "{\"name\": \"Bad Name\"}"));
        s.put("DELETE /v1/network-volumes/{name}", Sample.none());
        s.put(
                "POST " + sandbox + "/exec",
                new Sample(
                        "",
                        JSON,
                        "{\"command\": \"touch /workspace/by-exec\"}",
                        List.of("resume=maybe"),
                        "{\"command\": \"touch /workspace/by-exec\", \"timeoutSeconds\": -5}"));
        s.put(
                "POST " + sandbox + "/exec/stream",
                new Sample(
                        "",
                        JSON,
                        "{\"command\": \"touch /workspace/by-stream\"}",
                        List.of("resume=maybe"),
                        "{\"command\": \"touch /workspace/by-stream\", \"timeoutSeconds\": -5}"));
        s.put(
                "POST " + volume + "/directories",
                new Sample("path=newdir", null, null, List.of("path=../escape", "path=newdir&recursive=true"), null));
        s.put(
                "PUT " + volume + "/file",
                new Sample("path=new.txt", BYTES, "hello", List.of("path=new.txt&sha256=zz", "path=../new.txt"), null));
        s.put(
                "DELETE " + volume + "/file",
                new Sample(
                        "path=keep.txt",
                        null,
                        null,
                        List.of("path=keep.txt&recursive=maybe", "path=/../keep.txt"),
                        null));
        s.put(
                "POST " + volume + "/upload",
                new Sample(
                        "path=up.txt",
                        BYTES,
                        "uploaded",
                        List.of("path=up.txt&extract=maybe", "path=up.txt&sha256=zz"),
                        null));
        s.put(
                "POST " + volume + "/rename",
                Sample.json(
                        "{\"from\": \"keep.txt\", \"to\": \"moved.txt\"}",
                        "{\"from\": \"keep.txt\", \"to\": \"../moved.txt\"}"));
        s.put(
                "POST " + sandbox + "/processes",
                new Sample(
                        "",
                        JSON,
                        "{\"command\": \"sleep 100\"}",
                        List.of("resume=maybe"),
                        "{\"command\": \"sleep 100\", \"timeoutSeconds\": -1}"));
        s.put("DELETE " + process, Sample.none());
        s.put("POST " + process + "/signal", Sample.json("{\"signal\": \"TERM\"}", "{\"signal\": \"NOPE\"}"));
        s.put(
                "POST /v1/templates",
                Sample.json(
                        "{\"name\": \"tmpl-new\", \"image\": \"" + IMAGE + "\"}",
                        "{\"name\": \"tmpl-new\", \"image\": \"" + IMAGE + "\", \"privileged\": true}"));
        // The template named in the path does not exist: only the query is checked before the lookup.
        s.put("PUT /v1/templates/{name}", new Sample("", JSON, "{\"image\": \"" + IMAGE + "\"}", List.of(), null));
        s.put("DELETE /v1/templates/{name}", Sample.none());
        s.put(
                "POST " + sandbox + "/preview-token",
                Sample.json("{\"expiresInSeconds\": 3600}", "{\"expiresInSeconds\": 1}"));
        s.put("POST /v1/admin/tenants", Sample.json("{\"name\": \"tenant-new\"}", "{\"name\": \"Bad Name\"}"));
        s.put(
                "PATCH /v1/admin/tenants/{name}",
                Sample.json("{\"limits\": {\"sandboxes\": 5}}", "{\"limits\": {\"sandboxes\": -1}}"));
        s.put("DELETE /v1/admin/tenants/{name}", Sample.none());
        s.put(
                "POST /v1/admin/tenants/{name}/keys",
                Sample.json("{\"name\": \"ci\"}", "{\"name\": \"" + "k".repeat(200) + "\"}"));
        s.put("DELETE /v1/admin/keys/{id}", Sample.none());
        return s;
    }

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "valid-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", "{\"image\": \"" + IMAGE + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        id = created.body().get("id").asText();
        for (String volume : List.of(MOUNTED, SPARE)) {
            Rest.Answer made = rest.post("/v1/network-volumes", "{\"name\": \"" + volume + "\"}");
            assertThat(made.status()).as(made.raw()).isEqualTo(201);
        }
        Rest.Answer mounted = rest.post(
                "/v1/sandboxes/" + id + "/mounts?wait=true",
                "{\"volume\": \"" + MOUNTED + "\", \"mountPath\": \"/data\"}");
        assertThat(mounted.status()).as(mounted.raw()).isEqualTo(200);
        Rest.Answer file =
                rest.call("PUT", "/v1/sandboxes/" + id + "/volumes/workspace/file?path=keep.txt", BYTES, "keep");
        assertThat(file.status()).as(file.raw()).isEqualTo(200);
        Rest.Answer process = rest.post("/v1/sandboxes/" + id + "/processes", "{\"command\": \"sleep 600\"}");
        assertThat(process.status()).as(process.raw()).isEqualTo(201);
        processId = process.body().get("id").asText();
        Rest.Answer tenant = rest.post("/v1/admin/tenants", "{\"name\": \"" + TENANT + "\"}");
        assertThat(tenant.status()).as(tenant.raw()).isEqualTo(201);
        Rest.Answer key = rest.post("/v1/admin/tenants/" + TENANT + "/keys", "{\"name\": \"keep\"}");
        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        keyId = key.body().get("id").asText();
        Rest.Answer snapshot =
                rest.post("/v1/sandboxes/" + id + "/snapshots?wait=true", "{\"name\": \"" + SNAPSHOT + "\"}");
        assertThat(snapshot.status()).as(snapshot.raw()).isEqualTo(201);
        // The setup's own history rows and status changes are written in the background: start from a settled state.
        String[] last = {""};
        await().pollInterval(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    String now = state();
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyMutatingRouteRefusesBadParametersAndChangesNothing() throws Exception {
        Map<String, Sample> samples = samples();
        List<String> mutating = stack.gateway().routes().stream()
                .filter(r -> r.startsWith("POST ")
                        || r.startsWith("PUT ")
                        || r.startsWith("DELETE ")
                        || r.startsWith("PATCH "))
                .filter(r -> r.contains(" /v1/") && !r.contains("/ports/{port}"))
                .distinct()
                .sorted()
                .toList();
        assertThat(mutating).as("mutating routes found").hasSizeGreaterThan(15);
        List<String> uncovered =
                mutating.stream().filter(r -> !samples.containsKey(r)).toList();
        assertThat(uncovered)
                .as("routes without a sample request in this test: add one")
                .isEmpty();

        String before = state();
        int requests = 0;
        for (String route : mutating) {
            Sample sample = samples.get(route);
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/v1/admin/")) {
                path = path.replace("{name}", TENANT).replace("{id}", keyId);
            }
            path = path.replace("{id}", id)
                    .replace("{volumeId}", "workspace")
                    .replace("{processId}", processId)
                    .replace("{volume}", MOUNTED)
                    .replace("{name}", route.contains("/v1/snapshots/") ? SNAPSHOT : MOUNTED);
            List<String[]> bad = new ArrayList<>();
            for (String q : BAD_ANYWHERE) {
                bad.add(new String[] {
                    sample.query().isEmpty() ? q : sample.query() + "&" + q,
                    sample.body(),
                    q.substring(0, q.indexOf('='))
                });
            }
            for (String q : sample.badQueries()) {
                bad.add(new String[] {q, sample.body(), null});
            }
            if (sample.badBody() != null) {
                bad.add(new String[] {sample.query(), sample.badBody(), null});
            }
            for (String[] attempt : bad) {
                String target = path + (attempt[0].isEmpty() ? "" : "?" + attempt[0]);
                Rest.Answer answer = rest.call(method, target, sample.contentType(), attempt[1]);
                String what = method + " " + target + " " + attempt[1];
                assertThat(answer.status()).as(what + " → " + answer.raw()).isEqualTo(400);
                assertThat(answer.error().path("code").asText()).as(what).isEqualTo("invalid_request");
                if (attempt[2] != null) {
                    assertThat(answer.error().path("field").asText())
                            .as(what + " → " + answer.raw())
                            .isEqualTo(attempt[2]);
                }
                assertThat(state()).as("state after " + what).isEqualTo(before);
                requests++;
            }
        }
        assertThat(requests).isGreaterThan(100);
    }

    /** Everything a request could have changed, as text: resources, files, processes, history. */
    static String state() throws Exception {
        ObjectNode state = Rest.JSON.createObjectNode();
        for (Sandbox s : stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .list()
                .getItems()) {
            ObjectNode entry = state.putObject("sandbox " + s.getMetadata().getName());
            entry.put("generation", s.getMetadata().getGeneration());
            entry.put("deleting", s.getMetadata().getDeletionTimestamp());
            entry.set("spec", Rest.JSON.readTree(Serialization.asJson(s.getSpec())));
        }
        for (NetworkVolume v : stack.kubernetesClient()
                .resources(NetworkVolume.class)
                .inNamespace(DevStack.NAMESPACE)
                .list()
                .getItems()) {
            ObjectNode entry = state.putObject("volume " + v.getMetadata().getName());
            entry.put("deleting", v.getMetadata().getDeletionTimestamp());
            entry.set("spec", Rest.JSON.readTree(Serialization.asJson(v.getSpec())));
        }
        for (SandboxSnapshot v : stack.kubernetesClient()
                .resources(SandboxSnapshot.class)
                .inNamespace(DevStack.NAMESPACE)
                .list()
                .getItems()) {
            ObjectNode entry = state.putObject("snapshot " + v.getMetadata().getName());
            entry.put("deleting", v.getMetadata().getDeletionTimestamp());
            entry.set("spec", Rest.JSON.readTree(Serialization.asJson(v.getSpec())));
        }
        Rest.Answer files = rest.post(
                "/v1/sandboxes/" + id + "/exec",
                "{\"command\": \"find /workspace /data | sort; cat /workspace/keep.txt\"}");
        state.put("files", files.body().path("stdout").asText());
        JsonNode processes =
                rest.get("/v1/sandboxes/" + id + "/processes").body().path("items");
        for (JsonNode p : processes) {
            state.put("process " + p.path("id").asText(), p.path("running").asBoolean());
        }
        try (Connection c = stack.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet r = st.executeQuery(
                        "select (select count(*) from sandbox_events), (select count(*) from admin_audit),"
                                + " (select string_agg(name || ' ' || coalesce(deleted_at::text, '-') || ' ' || coalesce(limit_sandboxes::text, '-'), ',' order by name) from tenants),"
                                + " (select string_agg(id || ' ' || coalesce(revoked_at::text, '-'), ',' order by id) from api_keys)")) {
            r.next();
            state.put("history rows", r.getLong(1));
            state.put("audit rows", r.getLong(2));
            state.put("tenants", r.getString(3));
            state.put("keys", r.getString(4));
        }
        // The in-memory API lists in no fixed order: compare by name.
        ObjectNode sorted = Rest.JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        state.fieldNames().forEachRemaining(names::add);
        names.stream().sorted().forEach(name -> sorted.set(name, state.get(name)));
        return sorted.toPrettyString();
    }
}
