package dev.sandbox.operator.schedule;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.VolumeClassRules;
import dev.sandbox.kube.KubernetesEvents;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SharedVolumes;
import dev.sandbox.operator.model.StatusBuilder;
import dev.sandbox.operator.node.LeaderLease;
import dev.sandbox.operator.node.NodeRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds new sandboxes to nodes with room. Every operator instance may run it, but only the one holding the
 * {@code sandbox-scheduler} lease acts, so there is exactly one scheduler at a time and another takes over when it
 * goes. Capacity comes from the node records; what is taken is computed from the sandboxes bound to each node that
 * should run, so nothing is kept in memory that a new leader would miss.
 */
public final class SandboxScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxScheduler.class);
    public static final String LEASE = "sandbox-scheduler";

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final KubernetesEvents events;
    private final ScheduledExecutorService executor = LeaderLease.worker("sandbox-scheduler");
    private final LeaderLease election;
    private volatile ScheduledFuture<?> passes;

    public SandboxScheduler(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config;
        this.election = new LeaderLease(client, config, LEASE);
        this.events = new KubernetesEvents(client, "sandbox-scheduler", config.nodeName());
    }

    public void start() {
        election.join(this::lead, this::follow, leader -> log.info("scheduler leader is now {}", leader));
    }

    private void lead() {
        log.info("node {} is scheduling sandboxes", config.nodeName());
        passes = executor.scheduleWithFixedDelay(this::passSafely, 0, 1, TimeUnit.SECONDS);
    }

    private void follow() {
        ScheduledFuture<?> p = passes;
        if (p != null) {
            p.cancel(false);
        }
        log.info("node {} stopped scheduling sandboxes", config.nodeName());
    }

    private void passSafely() {
        try {
            pass(Instant.now());
        } catch (KubernetesClientException | IllegalStateException e) {
            log.warn("scheduling pass failed, trying again: {}", e.getMessage());
        }
    }

    /** One round: bind every unbound sandbox that fits somewhere, mark the others Unschedulable. */
    void pass(Instant now) {
        List<NodeRecord> nodes = client
                .configMaps()
                .inNamespace(config.systemNamespace())
                .withLabel(NodeRecord.LABEL, "true")
                .list()
                .getItems()
                .stream()
                .map(NodeRecord::from)
                .flatMap(Optional::stream)
                .toList();
        List<Sandbox> sandboxes = (config.namespace() == null
                        ? client.resources(Sandbox.class).inAnyNamespace().list()
                        : client.resources(Sandbox.class)
                                .inNamespace(config.namespace())
                                .list())
                .getItems();
        Map<String, Placement.Amount> allocated = new HashMap<>();
        List<Sandbox> unbound = new ArrayList<>();
        for (Sandbox s : sandboxes) {
            if (s.getMetadata().getDeletionTimestamp() != null || s.getSpec() == null) {
                continue;
            }
            if (s.getSpec().getNodeName() == null) {
                // One whose template is not merged yet does not know its size: it is placed once it does.
                if (!dev.sandbox.operator.sandbox.TemplateBinding.awaitsTemplate(s)) {
                    unbound.add(s);
                }
            } else if (holdsResources(s)) {
                allocated.merge(s.getSpec().getNodeName(), request(s), Placement.Amount::plus);
            }
        }
        unbound.sort(Comparator.comparing(
                        (Sandbox s) -> String.valueOf(s.getMetadata().getCreationTimestamp()))
                .thenComparing(s -> s.getMetadata().getName()));
        for (Sandbox s : unbound) {
            Placement.Amount request;
            try {
                request = request(s);
            } catch (IllegalArgumentException invalid) {
                continue; // The operator reports invalid specs once bound; an unparsable one cannot be placed anyway.
            }
            Optional<String> pinned = localVolumeNode(s, sandboxes);
            List<NodeRecord> candidates = pinned.map(
                            n -> nodes.stream().filter(r -> r.name().equals(n)).toList())
                    .orElse(nodes);
            Optional<String> node = Placement.choose(candidates, allocated, request, now);
            if (node.isPresent()) {
                bind(s, node.get());
                allocated.merge(node.get(), request, Placement.Amount::plus);
            } else {
                String why = Placement.unschedulableMessage(candidates, allocated, request, now);
                markUnschedulable(
                        s,
                        pinned.map(n -> why + "; it must run on node " + n
                                        + ", where a node-local volume it mounts or the snapshot it starts from lives")
                                .orElse(why),
                        now);
            }
        }
    }

    /**
     * The node a sandbox must go to because it mounts a node-local NetworkVolume that already lives there (used by a
     * sandbox bound to that node), so that sandboxes sharing such a volume share a node.
     */
    private Optional<String> localVolumeNode(Sandbox s, List<Sandbox> all) {
        if (s.getSpec().getSnapshot() != null) {
            // A snapshot's image and workspace copy live on one node only.
            dev.sandbox.crd.SandboxSnapshot snapshot = client.resources(dev.sandbox.crd.SandboxSnapshot.class)
                    .inNamespace(s.getMetadata().getNamespace())
                    .withName(s.getSpec().getSnapshot())
                    .get();
            if (snapshot != null
                    && snapshot.getStatus() != null
                    && snapshot.getStatus().getNodeName() != null) {
                return Optional.of(snapshot.getStatus().getNodeName());
            }
        }
        for (SandboxMount m : s.getSpec().getMounts()) {
            NetworkVolume nv = client.resources(NetworkVolume.class)
                    .inNamespace(s.getMetadata().getNamespace())
                    .withName(m.volume())
                    .get();
            if (nv == null
                    || nv.getSpec() == null
                    || !SharedVolumes.nodeLocal(client.resources(NetworkVolumeClass.class)
                            .withName(VolumeClassRules.className(nv.getSpec()))
                            .get())) {
                continue;
            }
            Optional<String> home = all.stream()
                    .filter(o -> o.getSpec() != null
                            && o.getSpec().getNodeName() != null
                            && o.getMetadata()
                                    .getNamespace()
                                    .equals(s.getMetadata().getNamespace()))
                    .filter(o -> o.getSpec().getMounts().stream()
                            .anyMatch(om -> m.volume().equals(om.volume())))
                    .map(o -> o.getSpec().getNodeName())
                    .findFirst()
                    .or(() ->
                            nv.getStatus() == null || nv.getStatus().getNodes().isEmpty()
                                    ? Optional.empty()
                                    : Optional.of(nv.getStatus().getNodes().get(0)));
            if (home.isPresent()) {
                return home;
            }
        }
        return Optional.empty();
    }

    /** A sandbox that should run, or is between retries, keeps its share of the node. */
    private static boolean holdsResources(Sandbox s) {
        if (s.getSpec().getDesiredState() == DesiredState.Stopped) {
            return false;
        }
        SandboxStatus status = s.getStatus();
        return status == null || status.getPhase() != SandboxPhase.Failed;
    }

    static Placement.Amount request(Sandbox s) {
        SandboxResources r = s.getSpec().getResources();
        double cpu = r.getCpu() == null ? SandboxResources.DEFAULT_CPU : r.getCpu();
        long memory = Quantities.parseBytes(r.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : r.getMemory());
        return new Placement.Amount(cpu, memory);
    }

    private void bind(Sandbox s, String node) {
        client.resources(Sandbox.class)
                .inNamespace(s.getMetadata().getNamespace())
                .withName(s.getMetadata().getName())
                .edit(latest -> {
                    if (latest.getSpec().getNodeName() == null) {
                        latest.getSpec().setNodeName(node);
                    }
                    return latest;
                });
        log.info(
                "sandbox {}/{} bound to node {}",
                s.getMetadata().getNamespace(),
                s.getMetadata().getName(),
                node);
        events.publish(s, false, "Scheduled", "bound to node " + node);
    }

    private void markUnschedulable(Sandbox s, String message, Instant now) {
        SandboxStatus status = s.getStatus();
        if (status != null
                && Observation.REASON_UNSCHEDULABLE.equals(status.getReason())
                && Objects.equals(message, status.getMessage())) {
            return;
        }
        boolean firstTime = status == null || !Observation.REASON_UNSCHEDULABLE.equals(status.getReason());
        client.resources(Sandbox.class)
                .inNamespace(s.getMetadata().getNamespace())
                .withName(s.getMetadata().getName())
                .editStatus(latest -> {
                    // The one status aggregator words it, so phase and conditions agree with what the operator writes.
                    latest.setStatus(StatusBuilder.unschedulable(latest, message, now));
                    return latest;
                });
        if (firstTime) {
            log.info(
                    "sandbox {}/{} is unschedulable: {}",
                    s.getMetadata().getNamespace(),
                    s.getMetadata().getName(),
                    message);
            events.publish(s, true, Observation.REASON_UNSCHEDULABLE, message);
        }
    }

    @Override
    public void close() {
        election.close();
        executor.shutdownNow();
    }
}
