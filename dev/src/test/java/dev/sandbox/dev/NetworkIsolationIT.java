package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.NetworkConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.network.BridgeNames;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network isolation from inside a sandbox, against listeners the test starts: one on every address of the node (its
 * network's gateway address among them), and a web server in a network namespace reached through the node, whose
 * addresses stand for "the outside" (198.51.100.0/24) and for a cluster range (203.0.113.0/24, configured as blocked).
 */
class NetworkIsolationIT {
    static final String IMAGE = "sandbox-busybox:local";
    static final String OUTSIDE = "198.51.100.2";
    static final String OUTSIDE_TOO = "198.51.100.3";
    static final String CLUSTER = "203.0.113.2";
    static final String LINK_LOCAL = "169.254.77.2";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static HostNetwork world;
    static HttpServer nodeListener;
    final List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws IOException {
        world = new HostNetwork(
                List.of("198.51.100.1/24", "203.0.113.1/24", "169.254.77.1/24"),
                List.of(OUTSIDE + "/24", OUTSIDE_TOO + "/24", CLUSTER + "/24", LINK_LOCAL + "/24"),
                8000,
                "outside");
        // A listener on every address of the node: the gateway address of each sandbox network is one of them.
        nodeListener = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        nodeListener.createContext("/", exchange -> {
            byte[] body = "node".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        nodeListener.start();
        List<Ipv4Cidr> blocked = new ArrayList<>(NetworkConfig.cidrs(NetworkConfig.DEFAULT_BLOCKED));
        blocked.add(Ipv4Cidr.parse("203.0.113.0/24"));
        stack = DevStack.start(
                DevSettings.forTests(home, "net-" + UUID.randomUUID().toString().substring(0, 6)),
                c -> c.withNetwork(c.network().withBlockedCidrs(blocked)),
                g -> g);
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (nodeListener != null) {
            nodeListener.stop(0);
        }
        if (world != null) {
            world.close();
        }
    }

    @AfterEach
    void deleteSandboxes() {
        for (String id : created) {
            rest.delete("/v1/sandboxes/" + id);
        }
        for (String id : created) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
        }
    }

    JsonNode createRunning(String body) {
        Rest.Answer answer = rest.post("/v1/sandboxes?wait=true", body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        created.add(answer.body().get("id").asText());
        assertThat(answer.body().get("phase").asText()).as(answer.raw()).isEqualTo("Running");
        return answer.body();
    }

    /**
     * The page at {@code url} as fetched from inside the sandbox, or null when the connection fails. With busybox's nc
     * (its static wget crashes resolving names): a refused connection fails at once, one that is dropped after 3 s.
     */
    String fetch(String id, String url) {
        URI target = URI.create(url);
        int port = target.getPort() == -1 ? 80 : target.getPort();
        Rest.Answer answer = rest.post("/v1/sandboxes/" + id + "/exec", """
        {"command": "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 %s %d", "timeoutSeconds": 20}""".formatted(target.getHost(), port));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        String out = answer.body().get("stdout").asText();
        int body = out.indexOf("\r\n\r\n");
        return answer.body().get("exitCode").asInt() != 0 || body < 0 ? null : out.substring(body + 4);
    }

    String uid(String id) {
        return stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get()
                .getMetadata()
                .getUid();
    }

    static List<String> nodeAddresses() throws IOException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    addresses.add(a.getHostAddress());
                }
            }
        }
        return addresses;
    }

    static String page(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode();
    }

    @Test
    void sandboxWithPortsReachesTheOutsideButNeitherTheNodeNorTheClusterAndStillServesItsPort() throws Exception {
        JsonNode sandbox = createRunning("""
        {"image": "%s", "command": "echo inside > /workspace/index.html; exec httpd -f -p 8080 -h /workspace",
         "ports": [{"internal": 8080}]}""".formatted(IMAGE));
        String id = sandbox.get("id").asText();
        assertThat(sandbox.at("/network/mode").asText()).isEqualTo("egress");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rest.get("/v1/sandboxes/" + id)
                        .body()
                        .at("/network/enforced")
                        .asBoolean());

        assertThat(fetch(id, "http://" + OUTSIDE + ":8000/"))
                .as("the outside world")
                .isEqualTo("outside");
        assertThat(fetch(id, "http://" + CLUSTER + ":8000/"))
                .as("a cluster range")
                .isNull();
        assertThat(fetch(id, "http://" + LINK_LOCAL + ":8000/"))
                .as("link-local, where metadata services live")
                .isNull();
        String gateway = DockerCli.inspect("network", "inspect", SandboxNames.network(uid(id)))
                .at("/IPAM/Config/0/Gateway")
                .asText();
        int port = nodeListener.getAddress().getPort();
        assertThat(page("http://" + gateway + ":" + port + "/"))
                .as("the listener answers on the host")
                .isEqualTo("node");
        assertThat(fetch(id, "http://" + gateway + ":" + port + "/"))
                .as("its network's gateway address")
                .isNull();
        List<String> node = nodeAddresses();
        assertThat(node).contains(gateway, "198.51.100.1");
        for (String address : node) {
            assertThat(fetch(id, "http://" + address + ":" + port + "/"))
                    .as("node address %s", address)
                    .isNull();
        }

        // Inbound: the published port still answers on the node's host address, from the range.
        int external = sandbox.at("/ports/0/external").asInt();
        assertThat(external).isBetween(30000, 32767);
        assertThat(page("http://127.0.0.1:" + external + "/")).isEqualTo("inside\n");

        Sandbox resource = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get();
        assertThat(resource.getStatus().getNetwork().bridge())
                .isEqualTo(BridgeNames.bridge(SandboxNames.network(uid(id))));
        assertThat(resource.getStatus().getNetwork().enforced()).isTrue();
    }

    @Test
    void moreNetworkedSandboxesThanTheEnginesDefaultPoolsHoldRunAtOnce() throws Exception {
        // The engine's own address pools hold about thirty networks; sandbox networks come from SANDBOX_NETWORK_POOL.
        int count = 40;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<JsonNode>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(threads.submit(() -> createRunning("""
            {"image": "%s", "network": {"mode": "egress"}}""".formatted(IMAGE))));
            }
            List<String> ids = new ArrayList<>();
            for (java.util.concurrent.Future<JsonNode> f : made) {
                ids.add(f.get(5, java.util.concurrent.TimeUnit.MINUTES)
                        .get("id")
                        .asText());
            }
            assertThat(ids).doesNotHaveDuplicates().hasSize(count);
            java.util.Set<String> subnets = new java.util.HashSet<>();
            for (String id : ids.subList(0, 6)) {
                Rest.Answer answer = rest.post("/v1/sandboxes/" + id + "/exec", """
            {"command": "ip -4 -o addr show eth0"}""");
                assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("inet (10\\.223\\.[0-9.]+)/28")
                        .matcher(answer.body().get("stdout").asText());
                assertThat(m.find()).as(answer.raw()).isTrue();
                subnets.add(String.valueOf(Ipv4Cidr.parse(m.group(1)).address() >>> 4));
            }
            assertThat(subnets).as("each sandbox on a /28 of its own").hasSize(6);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void allowAndDenyListsDecideTheMostSpecificEntryWinsAndNoListOpensTheCluster() {
        String allowOne = createRunning("""
        {"image": "%s", "network": {"mode": "egress", "allow": ["198.51.100.2/32", "203.0.113.0/24"]}}""".formatted(IMAGE)).get("id").asText();
        String denyOne = createRunning("""
        {"image": "%s", "network": {"mode": "egress", "deny": ["198.51.100.0/24"], "allow": ["198.51.100.3"]}}""".formatted(IMAGE)).get("id").asText();
        JsonNode view = rest.get("/v1/sandboxes/" + allowOne).body();
        assertThat(view.at("/network/allow/0").asText()).isEqualTo("198.51.100.2/32");
        assertThat(view.at("/ports").size()).isZero();

        assertThat(fetch(allowOne, "http://" + OUTSIDE + ":8000/")).isEqualTo("outside");
        assertThat(fetch(allowOne, "http://" + OUTSIDE_TOO + ":8000/"))
                .as("not on the allow list")
                .isNull();
        assertThat(fetch(allowOne, "http://" + CLUSTER + ":8000/"))
                .as("allowing a blocked range opens nothing")
                .isNull();
        assertThat(fetch(denyOne, "http://" + OUTSIDE + ":8000/"))
                .as("denied by the /24")
                .isNull();
        assertThat(fetch(denyOne, "http://" + OUTSIDE_TOO + ":8000/"))
                .as("the /32 allow is more specific")
                .isEqualTo("outside");
    }

    @Test
    void modeNoneWithPortsServesItsPortButOpensNoConnection() throws Exception {
        JsonNode sandbox = createRunning("""
        {"image": "%s", "command": "echo quiet > /workspace/index.html; exec httpd -f -p 8080 -h /workspace",
         "ports": [{"internal": 8080}], "network": {"mode": "none"}}""".formatted(IMAGE));
        String id = sandbox.get("id").asText();
        assertThat(sandbox.at("/network/mode").asText()).isEqualTo("none");
        assertThat(fetch(id, "http://" + OUTSIDE + ":8000/")).isNull();
        assertThat(page("http://127.0.0.1:" + sandbox.at("/ports/0/external").asInt() + "/"))
                .isEqualTo("quiet\n");

        JsonNode plain = createRunning("""
        {"image": "%s"}""".formatted(IMAGE));
        assertThat(plain.at("/network/mode").asText())
                .as("no ports, no network")
                .isEqualTo("none");
        Rest.Answer answer = rest.post("/v1/sandboxes/" + plain.get("id").asText() + "/exec", """
        {"command": "ls /sys/class/net"}""");
        assertThat(answer.body().get("stdout").asText().trim()).isEqualTo("lo");
    }

    @Test
    void anotherSandboxIsUnreachable() {
        JsonNode server = createRunning("""
        {"image": "%s", "command": "echo other > /workspace/index.html; exec httpd -f -p 8080 -h /workspace",
         "ports": [{"internal": 8080}]}""".formatted(IMAGE));
        String client = createRunning("""
        {"image": "%s", "network": {"mode": "egress"}}""".formatted(IMAGE)).get("id").asText();
        String serverIp = DockerCli.inspect(
                        "container",
                        "inspect",
                        SandboxNames.container(uid(server.get("id").asText())))
                .at("/NetworkSettings/Networks")
                .elements()
                .next()
                .get("IPAddress")
                .asText();
        assertThat(serverIp).isNotBlank();
        assertThat(fetch(client, "http://" + OUTSIDE + ":8000/")).isEqualTo("outside");
        assertThat(fetch(client, "http://" + serverIp + ":8080/"))
                .as("another sandbox")
                .isNull();
    }

    @Test
    void lostRulesComeBackAndGoWithTheSandbox() {
        String id = createRunning("""
        {"image": "%s", "network": {"mode": "egress", "deny": ["198.51.100.2"]}}""".formatted(IMAGE)).get("id").asText();
        String bridge = BridgeNames.bridge(SandboxNames.network(uid(id)));
        String chain = BridgeNames.chain(bridge);
        assertThat(fetch(id, "http://" + OUTSIDE + ":8000/")).isNull();
        assertThat(HostNetwork.must("iptables", "-w", "-S", "SANDBOX-SANDBOXES"))
                .contains("-i " + bridge, "sandbox default/" + id);

        // Someone flushes the sandbox's chain: the operator's next pass (here: a restarted operator) writes it again.
        HostNetwork.must("iptables", "-w", "-F", chain);
        assertThat(fetch(id, "http://" + OUTSIDE + ":8000/"))
                .as("open while the rules are lost")
                .isEqualTo("outside");
        stack.restartOperator(r -> r);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> HostNetwork.must("iptables", "-w", "-S", chain).contains("198.51.100.2/32"));
        assertThat(fetch(id, "http://" + OUTSIDE + ":8000/")).isNull();

        assertThat(rest.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        created.remove(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id).status() == 404);
        assertThat(HostNetwork.run("iptables", "-w", "-S", chain).exitCode())
                .as("chain removed")
                .isNotZero();
        assertThat(HostNetwork.must("iptables", "-w", "-S", "SANDBOX-SANDBOXES"))
                .doesNotContain(bridge);
    }

    @Test
    void rulesOfVanishedBridgesAreSweptAfterTwoPasses() {
        String bridge = "sbx" + "0123456789ab".substring(0, 6)
                + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String chain = BridgeNames.chain(bridge);
        HostNetwork.must("iptables", "-w", "-N", chain);
        HostNetwork.must("iptables", "-w", "-A", chain, "-j", "RETURN");
        HostNetwork.must(
                "iptables",
                "-w",
                "-I",
                "SANDBOX-SANDBOXES",
                "1",
                "-i",
                bridge,
                "-m",
                "comment",
                "--comment",
                "sandbox default/gone uid=x node=y",
                "-g",
                chain);
        try {
            dev.sandbox.operator.network.IptablesFirewall firewall =
                    new dev.sandbox.operator.network.IptablesFirewall();
            assertThat(firewall.sweep()).as("first sighting: kept").doesNotContain(bridge);
            assertThat(firewall.sweep()).as("second sighting: removed").contains(bridge);
            assertThat(HostNetwork.run("iptables", "-w", "-S", chain).exitCode())
                    .isNotZero();
            assertThat(HostNetwork.must("iptables", "-w", "-S", "SANDBOX-SANDBOXES"))
                    .doesNotContain(bridge);
        } finally {
            HostNetwork.run(
                    "iptables",
                    "-w",
                    "-D",
                    "SANDBOX-SANDBOXES",
                    "-i",
                    bridge,
                    "-m",
                    "comment",
                    "--comment",
                    "sandbox default/gone uid=x node=y",
                    "-g",
                    chain);
            HostNetwork.run("iptables", "-w", "-F", chain);
            HostNetwork.run("iptables", "-w", "-X", chain);
        }
    }

    @Test
    void badNetworkSettingsAreRefusedNamingTheField() {
        record Case(String network, String field) {}
        for (Case c : List.of(
                new Case("{\"mode\": \"open\"}", "network.mode"),
                new Case("{\"mode\": \"egress\", \"allow\": [\"example.com\"]}", "network.allow[0]"),
                new Case("{\"mode\": \"egress\", \"deny\": [\"10.0.0.0/8\", \"2001:db8::/32\"]}", "network.deny[1]"),
                new Case("{\"mode\": \"egress\", \"allow\": [\"10.1.2.3/8\"]}", "network.allow[0]"),
                new Case("{\"mode\": \"egress\", \"allow\": [\"300.1.2.3\"]}", "network.allow[0]"),
                new Case("{\"mode\": \"none\", \"allow\": [\"198.51.100.2\"]}", "network.allow"))) {
            Rest.Answer answer = rest.post("/v1/sandboxes", """
          {"image": "%s", "network": %s}""".formatted(IMAGE, c.network()));
            assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
            assertThat(answer.error().get("field").asText()).as(answer.raw()).isEqualTo(c.field());
        }
        assertThat(rest.get("/v1/sandboxes").body().get("items").size()).isZero();
    }

    @Test
    void nodePortsComeFromTheRangeAndConflictsAreRefusedAtRequestTime() throws Exception {
        for (int bad : new int[] {22, 80, 8080, 29999, 32768}) {
            Rest.Answer answer = rest.post("/v1/sandboxes", """
          {"image": "%s", "ports": [{"internal": 8080, "external": %d}]}""".formatted(IMAGE, bad));
            assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
            assertThat(answer.error().get("field").asText()).isEqualTo("ports[0].external");
            assertThat(answer.error().get("message").asText()).contains("30000-32767");
        }
        int wanted = freePortInRange(31000);
        JsonNode first = createRunning("""
        {"image": "%s", "command": "echo first > /workspace/index.html; exec httpd -f -p 8080 -h /workspace",
         "ports": [{"internal": 8080, "external": %d}]}""".formatted(IMAGE, wanted));
        assertThat(first.at("/ports/0/external").asInt()).isEqualTo(wanted);
        assertThat(page("http://127.0.0.1:" + wanted + "/")).isEqualTo("first\n");

        Rest.Answer again = rest.post("/v1/sandboxes", """
        {"image": "%s", "ports": [{"internal": 9090}, {"internal": 8080, "external": %d}]}""".formatted(IMAGE, wanted));
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        assertThat(again.error().get("field").asText()).isEqualTo("ports[1].external");

        int held = freePortInRange(wanted + 1);
        try (java.net.ServerSocket program = new java.net.ServerSocket(held, 50, InetAddress.getLoopbackAddress())) {
            Rest.Answer taken = rest.post("/v1/sandboxes", """
          {"image": "%s", "ports": [{"internal": 8080, "external": %d}]}""".formatted(IMAGE, held));
            assertThat(taken.status()).as(taken.raw()).isEqualTo(409);
            assertThat(taken.error().get("field").asText()).isEqualTo("ports[0].external");
            assertThat(taken.error().get("message").asText()).contains("in use on node");
        }
        assertThat(rest.get("/v1/sandboxes").body().get("items").size())
                .as("nothing made by the refused requests")
                .isEqualTo(1);

        // A resource written with kubectl is checked by the operator against its range.
        Sandbox direct = new Sandbox();
        direct.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("port-80")
                .withNamespace(DevStack.NAMESPACE)
                .build());
        dev.sandbox.crd.SandboxSpec spec = new dev.sandbox.crd.SandboxSpec();
        spec.setImage(IMAGE);
        dev.sandbox.crd.SandboxPort port = new dev.sandbox.crd.SandboxPort();
        port.setInternal(8080);
        port.setExternal(80);
        spec.setPorts(List.of(port));
        direct.setSpec(spec);
        var sandboxes = stack.kubernetesClient().resources(Sandbox.class).inNamespace(DevStack.NAMESPACE);
        sandboxes.resource(direct).create();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Sandbox s = sandboxes.withName("port-80").get();
                assertThat(s.getStatus()).isNotNull();
                assertThat(s.getStatus().getReason()).isEqualTo("InvalidSpec");
                assertThat(s.getStatus().getMessage()).contains("ports[0].external");
            });
        } finally {
            sandboxes.withName("port-80").delete();
        }
    }

    /** A port of the default range that nothing holds now, from {@code from} on. */
    static int freePortInRange(int from) {
        for (int p = from; p <= 32767; p++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in the range");
    }
}
