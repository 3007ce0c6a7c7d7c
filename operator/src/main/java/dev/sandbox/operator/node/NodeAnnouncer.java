package dev.sandbox.operator.node;

import dev.sandbox.db.DaemonThreads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the gateway where this node's agent is: the ConfigMap {@code sandbox-node-<node>} holds {@code agentUrl} and
 * {@code heartbeat} (RFC 3339), refreshed every 10 seconds. Only these keys are written, so other keys that other parts
 * of the operator keep in the same ConfigMap stay as they are.
 */
public final class NodeAnnouncer implements AutoCloseable {
    public static final String NAME_PREFIX = "sandbox-node-";
    public static final String AGENT_URL = "agentUrl";
    public static final String HEARTBEAT = "heartbeat";
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(NodeAnnouncer.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String nodeName;
    private final String agentUrl;
    /** The periodic announcements; they never throw (failures are logged), and stop with {@link #close()}. */
    private volatile ScheduledFuture<?> announcements;

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("node-announcer"));

    public NodeAnnouncer(KubernetesClient client, String namespace, String nodeName, String agentUrl) {
        this.client = client;
        this.namespace = namespace;
        this.nodeName = nodeName;
        this.agentUrl = agentUrl;
    }

    public static String configMapName(String nodeName) {
        return NAME_PREFIX + nodeName;
    }

    /** Announces once right away (so the gateway finds the node as soon as this returns), then every 10 seconds. */
    public void start() {
        announce();
        announcements = timer.scheduleAtFixedRate(
                this::announce, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void announce() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String name = configMapName(nodeName);
        try {
            var resource = client.configMaps().inNamespace(namespace).withName(name);
            if (resource.get() == null) {
                resource.create(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(Map.of(
                                "app.kubernetes.io/managed-by", "sandbox-operator", "sandbox.dev/node", nodeName))
                        .endMetadata()
                        .withData(Map.of(AGENT_URL, agentUrl, HEARTBEAT, now))
                        .build());
            } else {
                resource.edit(cm -> withOurKeys(cm, now));
            }
        } catch (KubernetesClientException e) {
            // The next tick tries again; the gateway treats a stale heartbeat as an unreachable node meanwhile.
            log.warn("cannot announce node {} in ConfigMap {}/{}: {}", nodeName, namespace, name, e.getMessage());
        }
    }

    private ConfigMap withOurKeys(ConfigMap cm, String now) {
        Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
        data.put(AGENT_URL, agentUrl);
        data.put(HEARTBEAT, now);
        cm.setData(data);
        return cm;
    }

    @Override
    public void close() {
        ScheduledFuture<?> scheduled = announcements;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        timer.shutdownNow();
    }
}
