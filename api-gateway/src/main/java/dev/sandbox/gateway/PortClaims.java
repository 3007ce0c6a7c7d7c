package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.agent.AgentPaths;
import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.NetworkSpecCheck;
import dev.sandbox.crd.ResolvedPort;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the node ports a new sandbox asks for, before anything is created: inside the administrator's range and not
 * reserved (400), not claimed by another sandbox of the cluster, asked for or already published (409), and not taken
 * on any live node by another program (409, asked of each node's agent). Explicit ports are thus unique across the
 * cluster, like Kubernetes NodePorts, wherever the scheduler puts the sandbox.
 */
final class PortClaims {
    private static final Logger log = LoggerFactory.getLogger(PortClaims.class);
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final String namespace;
    private final PortPolicy policy;
    private final java.util.function.IntSupplier ownPort;
    private final String agentToken;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    PortClaims(
            KubernetesClient client,
            String namespace,
            PortPolicy policy,
            java.util.function.IntSupplier ownPort,
            String agentToken) {
        this.client = client;
        this.namespace = namespace;
        this.policy = policy;
        this.ownPort = ownPort;
        this.agentToken = agentToken;
    }

    /** Refuses a spec whose explicit node ports are outside the range, reserved, or taken. */
    void check(SandboxSpec spec) {
        if (spec.getPorts().stream().noneMatch(p -> p != null && p.getExternal() != null)) {
            return;
        }
        List<ConfigMap> nodes = liveNodes();
        Set<Integer> reserved = new HashSet<>(policy.reserved());
        reserved.add(ownPort.getAsInt());
        for (ConfigMap node : nodes) {
            int agentPort = URI.create(node.getData().get("agentUrl")).getPort();
            if (agentPort > 0) {
                reserved.add(agentPort);
            }
        }
        List<FieldError> errors = NetworkSpecCheck.checkExternalPorts(spec, policy.range(), reserved);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors.get(0).field(), errors.get(0).message());
        }
        Set<Integer> claimed = claimedBySandboxes();
        for (int i = 0; i < spec.getPorts().size(); i++) {
            SandboxPort p = spec.getPorts().get(i);
            if (p.getExternal() == null) {
                continue;
            }
            String field = "ports[" + i + "].external";
            if (claimed.contains(p.getExternal())) {
                throw new ApiException(
                        409,
                        "conflict",
                        "port " + p.getExternal() + " is already used by another sandbox; pick another or omit it",
                        field);
            }
            String transport = "udp".equals(p.getProtocol()) ? "udp" : "tcp";
            for (ConfigMap node : nodes) {
                if (!free(node, p.getExternal(), transport)) {
                    throw new ApiException(
                            409,
                            "conflict",
                            "port " + p.getExternal() + " is already in use on node "
                                    + node.getMetadata().getName().substring(NodeAgents.PREFIX.length())
                                    + "; pick another or omit it",
                            field);
                }
            }
        }
    }

    /** Node ports named in any sandbox's spec or published for it, whoever its tenant. */
    private Set<Integer> claimedBySandboxes() {
        Set<Integer> claimed = new HashSet<>();
        for (Sandbox s : KubeCalls.call(() ->
                client.resources(Sandbox.class).inNamespace(namespace).list().getItems())) {
            if (s.getSpec() != null) {
                s.getSpec().getPorts().stream()
                        .filter(p -> p != null && p.getExternal() != null)
                        .forEach(p -> claimed.add(p.getExternal()));
            }
            if (s.getStatus() != null) {
                s.getStatus().getPorts().stream()
                        .map(ResolvedPort::external)
                        .filter(e -> e != null)
                        .forEach(claimed::add);
            }
        }
        return claimed;
    }

    /** Node records with an agent and a recent heartbeat. */
    private List<ConfigMap> liveNodes() {
        Set<String> namespaces = new LinkedHashSet<>(List.of(namespace, "default"));
        Instant now = Instant.now();
        List<ConfigMap> live = new java.util.ArrayList<>();
        for (String ns : namespaces) {
            for (ConfigMap cm : KubeCalls.call(
                    () -> client.configMaps().inNamespace(ns).list().getItems())) {
                if (!cm.getMetadata().getName().startsWith(NodeAgents.PREFIX)
                        || cm.getData() == null
                        || cm.getData().get("agentUrl") == null
                        || cm.getData().get("heartbeat") == null) {
                    continue;
                }
                try {
                    if (Duration.between(Instant.parse(cm.getData().get("heartbeat")), now)
                                    .compareTo(STALE_AFTER)
                            <= 0) {
                        live.add(cm);
                    }
                } catch (DateTimeParseException ignored) {
                    // An unreadable heartbeat: not a live node.
                }
            }
        }
        return live;
    }

    /** What the node's agent says; a node that cannot be asked counts as free (its operator then reports PortInUse). */
    private boolean free(ConfigMap node, int port, String transport) {
        String url = node.getData().get("agentUrl") + AgentPaths.nodePort(port) + "?transport=" + transport;
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + agentToken)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                log.warn(
                        "node record {}: the agent answered {} to a port check",
                        node.getMetadata().getName(),
                        answer.statusCode());
                return true;
            }
            JsonNode body = Json.MAPPER.readTree(answer.body());
            return body.path("free").asBoolean(true);
        } catch (IOException e) {
            log.warn(
                    "node record {}: cannot ask its agent whether port {} is free: {}",
                    node.getMetadata().getName(),
                    port,
                    e.toString());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
