package dev.sandbox.operator.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A node as it reports itself through the Kubernetes API: a ConfigMap {@code sandbox-node-<name>} labelled
 * {@code sandbox.dev/node-record=true} with its capacity and a heartbeat.
 *
 * @param name node name
 * @param cpu CPU cores offered to sandboxes
 * @param memoryBytes memory offered to sandboxes
 * @param heartbeat when the node last reported
 */
public record NodeRecord(String name, double cpu, long memoryBytes, Instant heartbeat) {
    public static final String LABEL = "sandbox.dev/node-record";
    public static final String PREFIX = "sandbox-node-";
    public static final String CPU = "cpu";
    public static final String MEMORY = "memoryBytes";
    public static final String HEARTBEAT = "heartbeat";
    public static final String NODE = "node";

    /** A node whose last heartbeat is older than this is considered gone and gets no new sandboxes. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(40);

    public static String configMapName(String node) {
        return PREFIX + node;
    }

    /** The record a ConfigMap holds, or empty when it is not a complete node record. */
    public static Optional<NodeRecord> from(ConfigMap map) {
        Map<String, String> data = map.getData();
        if (data == null
                || !data.containsKey(NODE)
                || !data.containsKey(CPU)
                || !data.containsKey(MEMORY)
                || !data.containsKey(HEARTBEAT)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NodeRecord(
                    data.get(NODE),
                    Double.parseDouble(data.get(CPU)),
                    Long.parseLong(data.get(MEMORY)),
                    Instant.parse(data.get(HEARTBEAT))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    public boolean alive(Instant now) {
        return heartbeat.plus(STALE_AFTER).isAfter(now);
    }
}
