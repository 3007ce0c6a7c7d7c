package dev.sandbox.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a node's agent from the ConfigMap {@code sandbox-node-<node>} its operator keeps up to date ({@code agentUrl},
 * {@code heartbeat}). Answers are cached for a few seconds; a heartbeat older than a minute means the node is gone.
 */
public final class NodeAgents {
    static final String PREFIX = "sandbox-node-";
    private static final Duration CACHE_TIME = Duration.ofSeconds(5);
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public NodeAgents(KubernetesClient client, String namespace) {
        this(client, List.of(namespace), Clock.systemUTC());
    }

    /** Looks agents up in each of {@code namespaces} in turn (the operators' system namespace first), then in {@code default}. */
    public NodeAgents(KubernetesClient client, List<String> namespaces) {
        this(client, namespaces, Clock.systemUTC());
    }

    NodeAgents(KubernetesClient client, String namespace, Clock clock) {
        this(client, List.of(namespace), clock);
    }

    NodeAgents(KubernetesClient client, List<String> namespaces, Clock clock) {
        this.client = client;
        this.clock = clock;
        // Operators announce themselves in their system namespace (the installation's namespace in a cluster, "default"
        // in dev mode): look there first, and in "default" last.
        this.namespaces.addAll(namespaces);
        this.namespaces.add("default");
    }

    /** The base URL of {@code node}'s agent; 503 when the node has not announced one or stopped reporting. */
    public String urlFor(String node) {
        Instant now = clock.instant();
        Cached hit = cache.get(node);
        if (hit != null && now.isBefore(hit.until())) {
            return check(node, hit.configMap(), now);
        }
        ConfigMap found = null;
        for (String namespace : namespaces) {
            found = KubeCalls.call(() -> client.configMaps()
                    .inNamespace(namespace)
                    .withName(PREFIX + node)
                    .get());
            if (found != null) {
                break;
            }
        }
        cache.put(node, new Cached(found, now.plus(CACHE_TIME)));
        return check(node, found, now);
    }

    /** Forgets what is known about {@code node}, e.g. after its agent could not be reached. */
    public void forget(String node) {
        cache.remove(node);
    }

    private static String check(String node, ConfigMap configMap, Instant now) {
        if (configMap == null
                || configMap.getData() == null
                || configMap.getData().get("agentUrl") == null) {
            throw ApiException.unavailable(
                    "node '" + node + "' has not announced a node agent (no ConfigMap " + PREFIX + node + ")");
        }
        String heartbeat = configMap.getData().get("heartbeat");
        try {
            Instant last = heartbeat == null ? Instant.EPOCH : Instant.parse(heartbeat);
            if (Duration.between(last, now).compareTo(STALE_AFTER) > 0) {
                throw ApiException.unavailable(
                        "node '" + node + "' has not reported since " + heartbeat + "; its operator may be down");
            }
        } catch (DateTimeParseException e) {
            throw ApiException.unavailable("node '" + node + "' announced an unreadable heartbeat '" + heartbeat + "'");
        }
        return configMap.getData().get("agentUrl");
    }

    private record Cached(ConfigMap configMap, Instant until) {}
}
