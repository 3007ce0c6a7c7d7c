package dev.sandbox.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.SandboxWarmPoolSpec;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.dev.kube.ApiRequest;
import dev.sandbox.dev.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart as a cluster of processes: its CRDs and objects applied to the in-memory Kubernetes API, the migration Job
 * run, then two operators (nodes {@code node-a} and {@code node-b}) and two gateways started from the production jars,
 * each as its own OS process with exactly the command, arguments and environment of the rendered DaemonSet and
 * Deployment (see {@link PodProcess} for the stand-ins of what a kubelet fills in), against a real PostgreSQL server in
 * its own process and the machine's Docker engine. Every Kubernetes API call of the processes is recorded and checked
 * against the rendered roles, both ways.
 *
 * <p>It runs in the README's test command: about three minutes on two cores (four JVMs, PostgreSQL and real
 * sandboxes on the machine's Docker engine, with per-workspace file systems and the sandbox firewall, as root).
 */
class ClusterOfProcessesIT {
    private static final String NAMESPACE = Chart.NAMESPACE;
    private static final String FULLNAME = Chart.RELEASE + "-sandbox";
    private static final String OPERATOR_ACCOUNT = FULLNAME + "-operator";
    private static final String GATEWAY_ACCOUNT = FULLNAME + "-gateway";
    private static final String IMAGE = "sandbox-busybox:local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Grants the processes need only on paths this run does not reach, each with the reason. Every other grant must be
     * used by a recorded call; keep this list short and explain every entry.
     */
    private static final Map<String, String> NOT_REACHED = Map.of(
            OPERATOR_ACCOUNT + " patch sandboxes/status",
            "JOSDK's updateErrorStatus (ErrorStatusUpdateControl.patchStatus) writes status only when a reconcile throws");

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKubernetes kubernetes;
    private static KubernetesClient api;
    private static Path work;
    private static List<HasMetadata> objects;
    private static final Map<String, String> TOKENS =
            Map.of("token-" + OPERATOR_ACCOUNT, OPERATOR_ACCOUNT, "token-" + GATEWAY_ACCOUNT, GATEWAY_ACCOUNT);
    private static final Map<String, Set<ApiCall>> CALLS = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<ApiRequest> UNATTRIBUTED = new ConcurrentLinkedQueue<>();
    private static final Map<String, PodProcess> PODS = new LinkedHashMap<>();
    private static Map<String, Path> jars;
    private static String apiKey;
    private static int gatewayPort;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createDirectories(Path.of("target", "cluster").toAbsolutePath());
        removeDockerObjects();
        unmountDisks();
        try (var logs = Files.newDirectoryStream(work, "*.log")) {
            for (Path log : logs) {
                Files.delete(log);
            }
        }
        String version = Chart.projectVersion();
        jars = Map.of(
                "/app/sandbox-operator.jar",
                        Path.of("..", "operator", "target", "sandbox-operator-" + version + ".jar")
                                .toAbsolutePath()
                                .normalize(),
                "/app/sandbox-gateway.jar",
                        Path.of("..", "api-gateway", "target", "sandbox-api-gateway-" + version + ".jar")
                                .toAbsolutePath()
                                .normalize());
        jars.values()
                .forEach(jar -> assertThat(jar)
                        .as("the production jar (mvn package builds it)")
                        .exists());

        postgres = EmbeddedPostgresServer.start(null, 0);
        kubernetes = EmbeddedKubernetes.start(0);
        Chart.useForLookups(kubernetes);
        api = kubernetes.client();
        kubernetes.onRequest(ClusterOfProcessesIT::record);

        gatewayPort = freePort();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("database.url", postgres.jdbcUrl());
        values.put("database.user", postgres.user());
        values.put("database.password", postgres.password());
        // The in-memory API has no server-side apply; a real cluster keeps the default.
        values.put("operator.serverSideApply", false);
        values.put("operator.agentPort", freePort());
        values.put("operator.httpPort", freePort());
        values.put("gateway.port", gatewayPort);
        values.put("gateway.shutdownGraceSeconds", 15);
        // The node's disk directory (a hostPath): one per test run, so nothing of another run or installation is in it.
        values.put("operator.diskLimits.directory", work.resolve("disks").toString());
        // Short clean-up periods, so that the run also sees an idle sandbox stopped and then deleted by the operator.
        values.put("operator.extraEnv.SANDBOX_CLEANUP_SECONDS", 2);
        values.put("operator.extraEnv.SANDBOX_IDLE_DELETE_AFTER_SECONDS", 4);
        objects = Chart.objects(Chart.template(values));
        apply();

        Job migrate = Chart.one(objects, Job.class, FULLNAME + "-migrate-1");
        PodProcess migration = pod(
                "migrate",
                migrate.getSpec().getTemplate().getSpec().getContainers().get(0),
                "node-a",
                "127.0.0.10",
                null);
        assertThat(migration.start().awaitExit(Duration.ofMinutes(2)))
                .as("the migration Job's exit status; log:\n%s", migration.log())
                .isZero();

        // All four at once, as a kubelet starts the pods of a fresh installation (and in a quarter of the time).
        startOperator("node-a", "127.0.0.2");
        startOperator("node-b", "127.0.0.3");
        startGateway("gateway-1", "127.0.0.4");
        startGateway("gateway-2", "127.0.0.5");
        awaitOperatorReady("node-a");
        awaitOperatorReady("node-b");
        for (String gateway : List.of("gateway-1", "gateway-2")) {
            awaitReady("http://" + podIp(gateway) + ":" + gatewayPort + "/readyz", gateway);
        }
        apiKey = new String(
                Base64.getDecoder()
                        .decode(api.secrets()
                                .inNamespace(NAMESPACE)
                                .withName(FULLNAME + "-bootstrap-api-key")
                                .get()
                                .getData()
                                .get("apiKey")),
                StandardCharsets.UTF_8);
    }

    /** Applies the rendered CRDs and objects, as {@code helm install} would. */
    private static void apply() {
        api.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        for (HasMetadata crd : Chart.crds()) {
            api.resource(crd).createOr(NonDeletingOperation::update);
        }
        for (HasMetadata object : objects) {
            if (object instanceof io.fabric8.kubernetes.api.model.Secret secret && secret.getStringData() != null) {
                // What a real API server does on write (the in-memory one stores stringData as it is).
                Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
                secret.getStringData()
                        .forEach((k, v) ->
                                data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
                secret.setData(data);
                secret.setStringData(null);
            }
            api.resource(object)
                    .inNamespace(
                            object.getMetadata().getNamespace() == null
                                    ? NAMESPACE
                                    : object.getMetadata().getNamespace())
                    .create();
        }
        for (ServiceAccount account : Chart.all(objects, ServiceAccount.class)) {
            assertThat(TOKENS).containsValue(account.getMetadata().getName());
        }
    }

    private static void startOperator(String node, String podIp) throws IOException {
        DaemonSet daemonSet = Chart.one(objects, DaemonSet.class, FULLNAME + "-operator");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(OPERATOR_ACCOUNT);
        PODS.put(
                node,
                pod(
                                node,
                                daemonSet
                                        .getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0),
                                node,
                                podIp,
                                OPERATOR_ACCOUNT)
                        .start());
    }

    private static void awaitOperatorReady(String node) {
        awaitReady(
                "http://" + podIp(node) + ":" + PODS.get(node).environment().get("SANDBOX_OPERATOR_HTTP_PORT")
                        + "/readyz",
                node);
    }

    private static void startGateway(String name, String podIp) throws IOException {
        Deployment deployment = Chart.one(objects, Deployment.class, FULLNAME + "-gateway");
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(GATEWAY_ACCOUNT);
        PODS.put(
                name,
                pod(
                                name,
                                deployment
                                        .getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0),
                                "node-a",
                                podIp,
                                GATEWAY_ACCOUNT)
                        .start());
    }

    private static PodProcess pod(String name, Container container, String node, String podIp, String serviceAccount) {
        Path kubeconfig = serviceAccount == null
                ? null
                : kubernetes.writeKubeconfig(work.resolve(name + ".kubeconfig"), "token-" + serviceAccount);
        return PodProcess.of(name, container, api, NAMESPACE, node, podIp, jars, kubeconfig, work);
    }

    private static String podIp(String pod) {
        return switch (pod) {
            case "node-a" -> "127.0.0.2";
            case "node-b" -> "127.0.0.3";
            case "gateway-1" -> "127.0.0.4";
            case "gateway-2" -> "127.0.0.5";
            default -> throw new IllegalArgumentException(pod);
        };
    }

    private static void record(ApiRequest request) {
        ApiCalls.of(request).ifPresent(call -> {
            String account = request.bearerToken() == null ? null : TOKENS.get(request.bearerToken());
            if (account == null) {
                // The test's own client (no token) sets the cluster up; anything else must be one of the pods.
                if (request.bearerToken() != null) {
                    UNATTRIBUTED.add(request);
                }
                return;
            }
            CALLS.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(call);
        });
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            for (String gateway : List.of("gateway-1", "gateway-2")) {
                PodProcess p = PODS.get(gateway);
                if (p != null && p.alive()) {
                    deleteAllSandboxes("http://" + podIp(gateway) + ":" + gatewayPort);
                    break;
                }
            }
        } finally {
            PODS.values().forEach(PodProcess::kill);
            if (kubernetes != null) {
                kubernetes.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            removeDockerObjects();
            unmountDisks();
        }
    }

    /** Unmounts workspace file systems that a failed run left mounted (the operators unmount those they delete). */
    private static void unmountDisks() throws Exception {
        Path disks = work.resolve("disks");
        if (!Files.isDirectory(disks)) {
            return;
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mountPoint = line.split(" ")[4];
            if (mountPoint.startsWith(disks + "/")) {
                Process umount = new ProcessBuilder("umount", mountPoint)
                        .redirectErrorStream(true)
                        .start();
                String out = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (umount.waitFor() != 0) {
                    System.err.println("umount " + mountPoint + " failed: " + out);
                }
            }
        }
    }

    @Test
    void theChartRunsAsAClusterOfProcesses() throws Exception {
        String gateway1 = "http://" + podIp("gateway-1") + ":" + gatewayPort;
        String gateway2 = "http://" + podIp("gateway-2") + ":" + gatewayPort;

        // Sandboxes through each gateway, bound by the scheduler to both nodes.
        List<String> ids = new ArrayList<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            JsonNode created = call(
                    i % 2 == 0 ? gateway1 : gateway2,
                    "POST",
                    "/v1/sandboxes?wait=true",
                    "{\"image\": \"" + IMAGE + "\", \"resources\": {\"cpu\": 0.25, \"memory\": \"64m\"}}",
                    201);
            assertThat(created.path("phase").asText()).as("sandbox %s", created).isEqualTo("Running");
            ids.add(created.path("id").asText());
            nodes.put(created.path("id").asText(), created.path("node").asText());
        }
        assertThat(Set.copyOf(nodes.values()))
                .as("the scheduler spreads sandboxes over both nodes: %s", nodes)
                .containsExactlyInAnyOrder("node-a", "node-b");

        // Exec and files through both gateways, on sandboxes of both nodes.
        for (String id : ids) {
            for (String gateway : List.of(gateway1, gateway2)) {
                JsonNode exec = call(
                        gateway,
                        "POST",
                        "/v1/sandboxes/" + id + "/exec",
                        "{\"command\": \"echo hello from $(hostname)\"}",
                        200);
                assertThat(exec.path("exitCode").asInt()).isZero();
                assertThat(exec.path("stdout").asText()).startsWith("hello from");
            }
            raw(
                    gateway1,
                    "PUT",
                    "/v1/sandboxes/" + id + "/volumes/workspace/file?path=notes.txt",
                    "written through gateway 1",
                    200);
            assertThat(raw(
                            gateway2,
                            "GET",
                            "/v1/sandboxes/" + id + "/volumes/workspace/file?path=notes.txt",
                            null,
                            200))
                    .isEqualTo("written through gateway 1");
            assertThat(call(
                                    gateway2,
                                    "POST",
                                    "/v1/sandboxes/" + id + "/exec",
                                    "{\"command\": \"cat /workspace/notes.txt\"}",
                                    200)
                            .path("stdout")
                            .asText())
                    .isEqualTo("written through gateway 1");
        }
        // A network volume: made, listed and removed through the gateways, reconciled by the operators.
        call(gateway1, "POST", "/v1/network-volumes", "{\"name\": \"shared\"}", 201);
        assertThat(call(gateway2, "GET", "/v1/network-volumes", null, 200)
                        .path("items")
                        .toString())
                .contains("shared");
        raw(gateway2, "DELETE", "/v1/network-volumes/shared", null, 204);
        assertThat(call(gateway1, "GET", "/v1/network-volume-classes", null, 200)
                        .path("items")
                        .toString())
                .contains("local", "memory");
        // A template (REST) and a warm pool of it (the administrator's kubectl apply): the elected pool controller
        // fills the
        // pool, a create naming the template claims the pooled sandbox, a changed template replaces the unclaimed ones.
        call(
                gateway1,
                "POST",
                "/v1/templates",
                "{\"name\": \"shell\", \"image\": \"" + IMAGE
                        + "\", \"resources\": {\"cpu\": 0.1, \"memory\": \"32m\"}}",
                201);
        SandboxWarmPool pool = new SandboxWarmPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("shell-pool")
                .withNamespace(NAMESPACE)
                .build());
        pool.setSpec(new SandboxWarmPoolSpec());
        pool.getSpec().setTemplateRef("shell");
        pool.getSpec().setReplicas(1);
        api.resource(pool).create();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    SandboxWarmPool current = api.resources(SandboxWarmPool.class)
                            .inNamespace(NAMESPACE)
                            .withName("shell-pool")
                            .get();
                    assertThat(current.getStatus()).isNotNull();
                    assertThat(current.getStatus().getReadyReplicas()).isEqualTo(1);
                });
        assertThat(call(gateway2, "GET", "/v1/templates", null, 200)
                        .path("items")
                        .toString())
                .contains("shell");
        JsonNode claimed = call(gateway2, "POST", "/v1/sandboxes?wait=true", "{\"template\": \"shell\"}", 201);
        assertThat(claimed.path("start").asText()).as("claim %s", claimed).isEqualTo("warm");
        String claimedId = claimed.path("id").asText();
        assertThat(call(gateway1, "POST", "/v1/sandboxes/" + claimedId + "/exec", "{\"command\": \"true\"}", 200)
                        .path("exitCode")
                        .asInt())
                .isZero();
        call(
                gateway1,
                "PUT",
                "/v1/templates/shell",
                "{\"image\": \"" + IMAGE + "\", \"resources\": {\"cpu\": 0.1, \"memory\": \"48m\"}}",
                200);
        api.resource(pool).delete();
        raw(gateway2, "DELETE", "/v1/sandboxes/" + claimedId + "?wait=true", null, 204);
        // Held (409) while the pool's sandboxes are being retired; then deleted.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> HTTP.send(
                                        request(gateway1, "DELETE", "/v1/templates/shell", null),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 204);

        // A snapshot and a fork: taken by the operator of the sandbox's node, the fork's snapshot removed with the
        // fork.
        String snapshot = call(gateway1, "POST", "/v1/sandboxes/" + ids.get(1) + "/snapshots?wait=true", "{}", 201)
                .path("id")
                .asText();
        assertThat(call(gateway2, "GET", "/v1/snapshots/" + snapshot, null, 200)
                        .path("phase")
                        .asText())
                .isEqualTo("Ready");
        JsonNode fork = call(gateway2, "POST", "/v1/sandboxes/" + ids.get(1) + "/fork?wait=true", "{}", 201);
        assertThat(fork.path("node").asText()).isEqualTo(nodes.get(ids.get(1)));
        assertThat(call(
                                gateway1,
                                "POST",
                                "/v1/sandboxes/" + fork.path("id").asText() + "/exec",
                                "{\"command\": \"cat /workspace/notes.txt\"}",
                                200)
                        .path("stdout")
                        .asText())
                .isEqualTo("written through gateway 1");
        raw(gateway1, "DELETE", "/v1/sandboxes/" + fork.path("id").asText() + "?wait=true", null, 204);
        raw(gateway2, "DELETE", "/v1/snapshots/" + snapshot, null, 204);
        // The fork's own snapshot goes when unused and at least 30 s old: checked at the end, when that time has
        // passed.
        String forkSnapshot = fork.path("snapshot").asText();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(api.resources(dev.sandbox.crd.SandboxSnapshot.class)
                                .inNamespace(NAMESPACE)
                                .withName(snapshot)
                                .get())
                        .isNull());
        // An idle sandbox: the operator stops it and then deletes it (nobody calls it after creation).
        String idle = call(
                        gateway1,
                        "POST",
                        "/v1/sandboxes?wait=true",
                        "{\"image\": \"" + IMAGE
                                + "\", \"resources\": {\"cpu\": 0.1, \"memory\": \"32m\", \"idleTimeout\": 3}}",
                        201)
                .path("id")
                .asText();
        // Lifecycle through the gateway: stop and start one sandbox, delete another.
        call(gateway2, "POST", "/v1/sandboxes/" + ids.get(3) + "/stop?wait=true", "", 200);
        call(gateway1, "POST", "/v1/sandboxes/" + ids.get(3) + "/start?wait=true", "", 200);
        raw(gateway1, "DELETE", "/v1/sandboxes/" + ids.get(2) + "?wait=true", null, 204);
        assertThat(containers(ids.get(2))).isEmpty();
        ids.remove(2);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(api.resources(dev.sandbox.crd.Sandbox.class)
                                .inNamespace(NAMESPACE)
                                .withName(idle)
                                .get())
                        .isNull());

        // Stop gateway 1 with a call in flight: the call completes, the gateway exits in time, gateway 2 serves
        // everything.
        CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(
                request(
                        gateway1,
                        "POST",
                        "/v1/sandboxes/" + ids.get(0) + "/exec",
                        "{\"command\": \"touch /workspace/started; sleep 3; echo finished\"}"),
                HttpResponse.BodyHandlers.ofString());
        String first = ids.get(0);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> call(
                                        gateway2,
                                        "POST",
                                        "/v1/sandboxes/" + first + "/exec",
                                        "{\"command\": \"test -f /workspace/started\"}",
                                        200)
                                .path("exitCode")
                                .asInt()
                        == 0);
        long stopping = System.nanoTime();
        assertThat(PODS.get("gateway-1").terminate(Duration.ofSeconds(30)))
                .as("gateway-1's exit status after SIGTERM")
                .isIn(0, 143);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
        HttpResponse<String> finished = inFlight.get();
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(finished.body()).path("stdout").asText()).isEqualTo("finished\n");
        for (String id : ids) {
            assertThat(call(gateway2, "GET", "/v1/sandboxes/" + id, null, 200)
                            .path("phase")
                            .asText())
                    .isEqualTo("Running");
            assertThat(call(gateway2, "POST", "/v1/sandboxes/" + id + "/exec", "{\"command\": \"true\"}", 200)
                            .path("exitCode")
                            .asInt())
                    .isZero();
        }

        // SIGTERM the scheduling leader: the lease moves, its sandboxes keep running, and it adopts them when it is
        // back.
        String leader = leaseHolder();
        assertThat(leader).isIn("node-a", "node-b");
        String other = leader.equals("node-a") ? "node-b" : "node-a";
        List<String> leadersSandboxes =
                ids.stream().filter(id -> nodes.get(id).equals(leader)).toList();
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (String id : leadersSandboxes) {
            before.put(id, containers(id));
        }
        long terminating = System.nanoTime();
        assertThat(PODS.get(leader).terminate(Duration.ofSeconds(30)))
                .as("%s's exit status after SIGTERM", leader)
                .isIn(0, 143);
        assertThat(Duration.ofNanos(System.nanoTime() - terminating)).isLessThan(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> other.equals(leaseHolder()));
        for (String id : leadersSandboxes) {
            assertThat(running(id))
                    .as("sandbox %s on the stopped operator's node keeps running", id)
                    .isTrue();
        }
        // The other node goes on working meanwhile.
        for (String id : ids.stream().filter(id -> nodes.get(id).equals(other)).toList()) {
            assertThat(call(gateway2, "POST", "/v1/sandboxes/" + id + "/exec", "{\"command\": \"true\"}", 200)
                            .path("exitCode")
                            .asInt())
                    .isZero();
        }

        startOperator(leader, podIp(leader));
        awaitOperatorReady(leader);
        for (String id : leadersSandboxes) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(call(
                                            gateway2,
                                            "POST",
                                            "/v1/sandboxes/" + id + "/exec",
                                            "{\"command\": \"true\"}",
                                            200)
                                    .path("exitCode")
                                    .asInt())
                            .isZero());
            assertThat(containers(id))
                    .as("sandbox %s was adopted: the same single container", id)
                    .isEqualTo(before.get(id));
        }
        for (String id : ids) {
            raw(gateway2, "DELETE", "/v1/sandboxes/" + id + "?wait=true", null, 204);
            assertThat(containers(id)).isEmpty();
        }

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(api.resources(dev.sandbox.crd.SandboxSnapshot.class)
                                .inNamespace(NAMESPACE)
                                .withName(forkSnapshot)
                                .get())
                        .isNull());

        checkRbacBothWays();
    }

    /** Every recorded call is allowed by its service account's rendered roles, and every grant was used. */
    private static void checkRbacBothWays() {
        assertThat(UNATTRIBUTED)
                .as("requests with a token of no service account")
                .isEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (String account : List.of(OPERATOR_ACCOUNT, GATEWAY_ACCOUNT)) {
            Set<ApiCall> calls = CALLS.getOrDefault(account, Set.of());
            assertThat(calls).as("calls of %s", account).isNotEmpty();
            RbacRules rules = RbacRules.of(objects, NAMESPACE, account);
            Set<ApiCall> denied = new LinkedHashSet<>();
            for (ApiCall call : calls) {
                if (!rules.allows(call)) {
                    denied.add(call);
                }
            }
            softly.assertThat(denied)
                    .as("calls of %s that its roles do not allow (all calls: %s)", account, calls)
                    .isEmpty();
            Set<RbacRules.Grant> unused = new LinkedHashSet<>(rules.unused(calls));
            unused.removeIf(g -> NOT_REACHED.containsKey(account + " " + g.verb() + " " + g.resource()));
            softly.assertThat(unused)
                    .as("grants of %s that no call used (all calls: %s)", account, calls)
                    .isEmpty();
        }
        softly.assertAll();
    }

    private static String leaseHolder() {
        Lease lease = api.leases()
                .inNamespace(NAMESPACE)
                .withName("sandbox-scheduler")
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static JsonNode call(String base, String method, String path, String body, int status) throws Exception {
        return JSON.readTree(raw(base, method, path, body, status));
    }

    private static String raw(String base, String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response =
                HTTP.send(request(base, method, path, body), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s%s: %s", method, base, path, response.body())
                .isEqualTo(status);
        return response.body();
    }

    private static HttpRequest request(String base, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + apiKey);
        if (body != null) {
            builder.header("Content-Type", path.contains("/file?") ? "application/octet-stream" : "application/json");
        }
        return builder.method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static void awaitReady(String url, String pod) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(PODS.get(pod).alive())
                            .as(
                                    "%s is running; its log:\n%s",
                                    pod, PODS.get(pod).log())
                            .isTrue();
                    HttpResponse<String> response;
                    try {
                        response = HTTP.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        throw new AssertionError(pod + " does not answer yet: " + e);
                    }
                    assertThat(response.statusCode())
                            .as("%s %s", url, response.body())
                            .isEqualTo(200);
                });
    }

    private static void deleteAllSandboxes(String gateway) {
        try {
            JsonNode list = call(gateway, "GET", "/v1/sandboxes", null, 200);
            for (JsonNode item : list.path("items")) {
                raw(gateway, "DELETE", "/v1/sandboxes/" + item.path("id").asText() + "?wait=true", null, 204);
            }
        } catch (Exception | AssertionError e) {
            System.err.println("clean-up through the gateway failed, Docker objects are removed directly: " + e);
        }
    }

    /** Ids of the Docker containers of sandbox {@code name}, running or not. */
    private static List<String> containers(String name) throws Exception {
        return docker(
                "ps",
                "-a",
                "-q",
                "--no-trunc",
                "--filter",
                "label=sandbox.dev/name=" + name,
                "--filter",
                "label=sandbox.dev/namespace=" + NAMESPACE);
    }

    private static boolean running(String name) throws Exception {
        return !docker(
                        "ps",
                        "-q",
                        "--filter",
                        "label=sandbox.dev/name=" + name,
                        "--filter",
                        "label=sandbox.dev/namespace=" + NAMESPACE)
                .isEmpty();
    }

    private static void removeDockerObjects() throws Exception {
        for (String node : List.of("node-a", "node-b")) {
            List<String> left = docker(
                    "ps",
                    "-a",
                    "-q",
                    "--filter",
                    "label=sandbox.dev/node=" + node,
                    "--filter",
                    "label=sandbox.dev/namespace=" + NAMESPACE);
            if (!left.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(left);
                docker(rm.toArray(String[]::new));
            }
            // Snapshot images left by a failed run (a passing run deletes its snapshots through the API).
            List<String> images = docker(
                    "image",
                    "ls",
                    "-q",
                    "--filter",
                    "label=sandbox.dev/node=" + node,
                    "--filter",
                    "label=sandbox.dev/namespace=" + NAMESPACE);
            if (!images.isEmpty()) {
                List<String> rmi = new ArrayList<>(List.of("image", "rm", "-f"));
                rmi.addAll(new LinkedHashSet<>(images));
                docker(rmi.toArray(String[]::new));
            }
            List<String> volumes = docker(
                    "volume",
                    "ls",
                    "-q",
                    "--filter",
                    "label=sandbox.dev/node=" + node,
                    "--filter",
                    "label=sandbox.dev/namespace=" + NAMESPACE);
            if (!volumes.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("volume", "rm", "-f"));
                rm.addAll(volumes);
                docker(rm.toArray(String[]::new));
            }
        }
    }

    private static List<String> docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
