package dev.sandbox.operator.node;

import dev.sandbox.db.DaemonThreads;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.runtime.Containers;
import dev.sandbox.operator.runtime.NodeCapacity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this node's capacity and a heartbeat every few seconds in its node record, where the scheduler (and
 * {@code kubectl get cm -l sandbox.dev/node-record=true}) can see it. Only its own keys are written, so other
 * components may keep theirs in the same record.
 */
public final class NodeCapacityReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeCapacityReporter.class);
    private final KubernetesClient client;
    private final Containers runtime;
    private final OperatorConfig config;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("node-capacity"));
    private NodeCapacity capacity;
    /** The repeated report, cancelled on close; each run handles its own failures (see {@link #report}). */
    private volatile ScheduledFuture<?> reports;

    public NodeCapacityReporter(KubernetesClient client, Containers runtime, OperatorConfig config) {
        this.client = client;
        this.runtime = runtime;
        this.config = config;
    }

    public void start() {
        report();
        reports = timer.scheduleWithFixedDelay(this::report, 10, 10, TimeUnit.SECONDS);
    }

    /** Writes the record now; failures are logged and retried at the next tick. */
    public void report() {
        try {
            if (capacity == null) {
                NodeCapacity engine = runtime.capacity();
                capacity = new NodeCapacity(
                        config.nodeCpu() > 0 ? config.nodeCpu() : engine.cpu(),
                        config.nodeMemoryBytes() > 0 ? config.nodeMemoryBytes() : engine.memoryBytes());
                log.info(
                        "node {} offers {} CPUs and {} MiB to sandboxes",
                        config.nodeName(),
                        capacity.cpu(),
                        capacity.memoryBytes() / (1024 * 1024));
            }
            Map<String, String> mine = Map.of(
                    NodeRecord.NODE, config.nodeName(),
                    NodeRecord.CPU, Double.toString(capacity.cpu()),
                    NodeRecord.MEMORY, Long.toString(capacity.memoryBytes()),
                    NodeRecord.HEARTBEAT, Instant.now().toString());
            String name = NodeRecord.configMapName(config.nodeName());
            var resource =
                    client.configMaps().inNamespace(config.systemNamespace()).withName(name);
            ConfigMap existing = resource.get();
            if (existing == null) {
                client.configMaps()
                        .inNamespace(config.systemNamespace())
                        .resource(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(config.systemNamespace())
                                .addToLabels(NodeRecord.LABEL, "true")
                                .endMetadata()
                                .withData(new HashMap<>(mine))
                                .build())
                        .create();
            } else {
                resource.edit(cm -> {
                    Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
                    data.putAll(mine);
                    cm.setData(data);
                    // The record may have been made by another component of this node; make sure the scheduler finds
                    // it.
                    Map<String, String> labels = cm.getMetadata().getLabels() == null
                            ? new HashMap<>()
                            : new HashMap<>(cm.getMetadata().getLabels());
                    labels.put(NodeRecord.LABEL, "true");
                    cm.getMetadata().setLabels(labels);
                    return cm;
                });
            }
        } catch (KubernetesClientException | dev.sandbox.operator.runtime.RuntimeUnavailableException e) {
            log.warn("cannot report node {}: {}", config.nodeName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (reports != null) {
            reports.cancel(false);
        }
        timer.shutdownNow();
    }
}
