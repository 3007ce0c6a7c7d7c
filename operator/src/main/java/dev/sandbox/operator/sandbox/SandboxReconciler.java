package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.FieldNames;
import dev.sandbox.crd.NetworkSpecCheck;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.ShownPhase;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.model.StatusBuilder;
import dev.sandbox.operator.monitor.UsageCache;
import dev.sandbox.operator.network.PortAllocator;
import dev.sandbox.operator.network.SandboxFirewall;
import dev.sandbox.operator.network.SandboxNetworking;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.snapshot.SnapshotGuard;
import dev.sandbox.operator.volume.SharedVolumeStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the container of each Sandbox bound to this node match its spec: image present (pulled or built), workspace
 * volume, network, hardened container created and started or stopped, restarts asked for, failures retried with
 * back-off, lifetime enforced, and status saying what is there.
 *
 * <p>A reconcile reads (the spec, the bookkeeping in the status, the container), asks {@link
 * dev.sandbox.operator.model.SandboxDecision} what to do, does it through the step for that action ({@link
 * SandboxPass}), and writes the status through the one aggregator ({@link StatusWriter}). Each step is idempotent and
 * the bookkeeping lives in the status, so a reconcile cut short by a crash is finished by the next one.
 */
@ControllerConfiguration(name = SandboxReconciler.NAME)
public class SandboxReconciler implements Reconciler<Sandbox>, Cleaner<Sandbox>, AutoCloseable {
    public static final String NAME = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxReconciler.class);

    private final ContainerRuntime runtime;
    private final OperatorConfig config;
    private final SandboxMirror mirror;
    private final KubernetesClient client;
    private final KubernetesEvents events;
    private final SandboxJournal journal;
    private final DockerEventSource dockerEvents;
    /**
     * The bookkeeping this instance last wrote, per sandbox UID. A reconcile may start from a cached resource that does
     * not show our latest status write yet; counters only grow, so the newer of the two is the truth. After a restart
     * the map is empty and the status alone counts.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Progress> written =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final UsageCache usage;
    /** Reconciles asked for by the sampler when a sandbox's status.usage is due. */
    private final SimpleInboundEventSource<Sandbox> usageRefresh = new SimpleInboundEventSource<>("usage-refresh");

    private volatile IndexerResourceCache<Sandbox> cache;
    private final SandboxNetworking networking;
    private final PortAllocator ports;
    /** Node ports never handed to a sandbox: the configured ones and this operator's own. */
    private final java.util.Set<Integer> reservedPorts;

    private final SnapshotGuard snapshotting;
    private final NetworkVolumeSource volumes = new NetworkVolumeSource();
    private final SandboxPass pass;
    private final StatusWriter status;

    public SandboxReconciler(
            ContainerRuntime runtime,
            OperatorConfig config,
            SandboxMirror mirror,
            KubernetesClient client,
            UsageCache usage) {
        this(
                runtime,
                config,
                mirror,
                client,
                usage,
                new SnapshotGuard(),
                config.network().firewall()
                        ? new dev.sandbox.operator.network.IptablesFirewall()
                        : SandboxFirewall.disabled());
    }

    /**
     * @param snapshotting sandboxes whose snapshot is being taken: their containers are left alone meanwhile
     * @param firewall the node's firewall for sandbox networks
     */
    public SandboxReconciler(
            ContainerRuntime runtime,
            OperatorConfig config,
            SandboxMirror mirror,
            KubernetesClient client,
            UsageCache usage,
            SnapshotGuard snapshotting,
            SandboxFirewall firewall) {
        this.snapshotting = snapshotting;
        this.runtime = runtime;
        this.networking = new SandboxNetworking(runtime, firewall, config);
        this.reservedPorts = new java.util.HashSet<>(config.network().reservedPorts());
        reservedPorts.add(config.agentPort());
        reservedPorts.add(config.monitoring().httpPort());
        this.ports = new PortAllocator(config.network().portRange(), reservedPorts, config.publishHostAddress(), () -> {
            IndexerResourceCache<Sandbox> c = cache;
            return c == null ? List.of() : c.list().toList();
        });
        this.config = config;
        this.mirror = mirror;
        this.client = client;
        this.usage = usage;
        // In the background: an Event is for people reading `kubectl describe`, not a step the container waits for.
        this.events = KubernetesEvents.inBackground(client, "sandbox-operator", config.nodeName());
        this.journal = new SandboxJournal(events, mirror);
        this.dockerEvents = new DockerEventSource(runtime, config.installation(), config.nodeName());
        this.pass = new SandboxPass(
                runtime,
                config,
                client,
                journal,
                networking,
                ports,
                volumes,
                new SharedVolumeStep(runtime, client, config.installation(), config.nodeName()),
                dockerEvents::endedDuringEngineOutage);
        this.status = new StatusWriter(runtime, config, mirror, journal, networking, usage);
    }

    @Override
    public List<EventSource<?, Sandbox>> prepareEventSources(EventSourceContext<Sandbox> context) {
        this.cache = context.getPrimaryCache();
        return List.of(dockerEvents, usageRefresh, volumes.eventSource(context));
    }

    /** Sends the Kubernetes Events still waiting; call after the operator has stopped reconciling. */
    @Override
    public void close() {
        events.close();
    }

    /** Asks for a reconcile of the sandbox, so its status picks up the latest usage sample. */
    public void refreshUsage(String namespace, String name) {
        usageRefresh.propagateEvent(new ResourceID(name, namespace));
    }

    /** Sandboxes of this node by phase, from the informer's cache (no API call); for the metrics. */
    public Map<String, Long> phaseCounts() {
        IndexerResourceCache<Sandbox> c = cache;
        if (c == null) {
            return Map.of();
        }
        return c.list()
                .filter(s -> s.getSpec() != null
                        && config.nodeName().equals(s.getSpec().getNodeName()))
                .collect(Collectors.groupingBy(s -> ShownPhase.of(s).name(), Collectors.counting()));
    }

    @Override
    public UpdateControl<Sandbox> reconcile(Sandbox sandbox, Context<Sandbox> context) {
        SandboxSpec spec = sandbox.getSpec();
        if (spec == null) {
            return UpdateControl.noUpdate();
        }
        if (TemplateBinding.awaitsTemplate(sandbox)) {
            // Its template is merged into the spec first (by the warm-pool controller); that write brings us back here.
            return UpdateControl.noUpdate();
        }
        if (spec.getNodeName() == null) {
            if (!config.claimUnbound()) {
                return UpdateControl.noUpdate();
            }
            // Single node, no scheduler: bind to ourselves and go on at once (no waiting for the write to come back as
            // an event). The binding is in the spec, so it survives restarts.
            sandbox = bind(sandbox, context);
            spec = sandbox.getSpec();
        }
        if (!config.nodeName().equals(spec.getNodeName())) {
            return UpdateControl.noUpdate();
        }
        if (snapshotting.busy(sandbox.getMetadata().getUid())) {
            // Frozen for a snapshot a moment ago: come back when it is done rather than resume it half-way.
            return UpdateControl.<Sandbox>noUpdate().rescheduleAfter(Duration.ofMillis(200));
        }
        Progress progress = Progress.from(sandbox.getStatus())
                .newerOf(written.get(sandbox.getMetadata().getUid()));
        Instant now = Instant.now();
        PassState state = new PassState(sandbox, progress, invalid(spec), expiry(sandbox), now);
        Observation observed = pass.run(state);
        written.put(sandbox.getMetadata().getUid(), progress);
        Duration after = status.write(sandbox, observed, progress, context);
        return UpdateControl.<Sandbox>noUpdate().rescheduleAfter(after);
    }

    /**
     * Writes {@code spec.nodeName} with a merge patch of that one field and puts the result in the controller's cache,
     * so this reconcile and the next one see the bound resource.
     */
    private Sandbox bind(Sandbox sandbox, Context<Sandbox> context) {
        String patch = Serialization.asJson(Map.of("spec", Map.of("nodeName", config.nodeName())));
        Sandbox bound = client.resources(Sandbox.class)
                .inNamespace(sandbox.getMetadata().getNamespace())
                .withName(sandbox.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        context.eventSourceRetriever()
                .getControllerEventSource()
                .handleRecentResourceUpdate(ResourceID.fromResource(sandbox), bound, sandbox);
        journal.record(bound, JournalEntry.scheduled(config.nodeName()));
        return bound;
    }

    /**
     * Whether the spec can run as written on this node; null when it can, else the problems named as the resource's
     * fields, since whoever reads this status wrote the resource (kubectl).
     */
    private String invalid(SandboxSpec spec) {
        List<FieldError> invalid = new ArrayList<>(SpecValidator.validate(spec, FieldNames.CRD));
        if (invalid.isEmpty()) {
            // The cluster's maximum is the operator's setting; a kubectl user meets it here, a REST user at the
            // gateway.
            SpecValidator.diskProblem(
                            spec.getResources().getDisk(), config.disk().maxBytes(), FieldNames.CRD)
                    .ifPresent(invalid::add);
            // The node port range is this node's setting; kubectl users meet it here, REST users already at the
            // gateway.
            invalid.addAll(NetworkSpecCheck.checkExternalPorts(
                    spec, config.network().portRange(), reservedPorts, FieldNames.CRD));
        }
        if (invalid.isEmpty()) {
            return null;
        }
        return invalid.stream().limit(5).map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "))
                + (invalid.size() > 5 ? "; and " + (invalid.size() - 5) + " more" : "");
    }

    /**
     * End of the sandbox's lifetime, counted from its creation time as stored in the resource (or, for one claimed from
     * a warm pool, from the claim), so restarts change nothing. A sandbox still waiting in a pool has no end yet.
     */
    static Instant expiry(Sandbox sandbox) {
        Long timeout = sandbox.getSpec().getResources().getTimeoutSeconds();
        Map<String, String> labels = sandbox.getMetadata().getLabels();
        if (timeout == null || (labels != null && labels.containsKey(SandboxWarmPool.POOL_LABEL))) {
            return null;
        }
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        String claimed = annotations == null ? null : annotations.get(SandboxWarmPool.CLAIMED_AT);
        String start = claimed != null ? claimed : sandbox.getMetadata().getCreationTimestamp();
        if (start == null) {
            return null;
        }
        // Clamped to the documented bound: a resource applied with kubectl is not checked before it gets here.
        return Instant.parse(start)
                .plusSeconds(Math.max(0, Math.min(timeout, dev.sandbox.crd.SpecValidator.MAX_TIMEOUT_SECONDS)));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String key(Sandbox sandbox) {
        return sandbox.getMetadata().getNamespace() + "/"
                + sandbox.getMetadata().getName();
    }

    @Override
    public ErrorStatusUpdateControl<Sandbox> updateErrorStatus(Sandbox sandbox, Context<Sandbox> context, Exception e) {
        // Transient trouble (engine unreachable, conflicts): say so in the message, keep the phase, let JOSDK retry.
        SandboxStatus status = sandbox.getStatus() == null ? new SandboxStatus() : sandbox.getStatus();
        boolean engineDown = causedBy(e, dev.sandbox.operator.runtime.RuntimeUnavailableException.class);
        String message = engineDown
                ? "the Docker engine of node " + config.nodeName()
                        + " is unreachable; the container's state is unknown until it is back"
                : "reconcile failed, retrying: " + e.getMessage();
        if (message.equals(status.getMessage())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        log.warn("sandbox {}: {}", key(sandbox), engineDown ? message + " (" + e.getMessage() + ")" : message);
        // Say so instead of claiming Running when the engine is away: nothing is known about the container meanwhile.
        // Otherwise the phase stays; either way the conditions are made again so that they agree with it.
        SandboxPhase phase = engineDown || status.getPhase() == null ? SandboxPhase.Pending : status.getPhase();
        String reason = engineDown ? Observation.REASON_ENGINE_UNAVAILABLE : status.getReason();
        sandbox.setStatus(StatusBuilder.retrying(sandbox, phase, reason, message, Instant.now()));
        return ErrorStatusUpdateControl.patchStatus(sandbox);
    }

    @Override
    public DeleteControl cleanup(Sandbox sandbox, Context<Sandbox> context) {
        String node = sandbox.getSpec() == null ? null : sandbox.getSpec().getNodeName();
        if (node != null && !node.equals(config.nodeName())) {
            // Another node's operator owns its containers and removes the finalizer when done.
            return DeleteControl.noFinalizerRemoval();
        }
        String uid = sandbox.getMetadata().getUid();
        // Deleting discards the workspace anyway, so the container is killed at once; stopping is the graceful way out.
        log.info("sandbox {}: deleting container, network and workspace", key(sandbox));
        runtime.remove(SandboxNames.container(uid));
        runtime.removeNetwork(SandboxNames.network(uid));
        networking.remove(uid);
        runtime.removeVolume(SandboxNames.workspaceVolume(uid));
        written.remove(uid);
        journal.record(sandbox, JournalEntry.deleted());
        mirror.deleted(sandbox);
        usage.remove(uid);
        return DeleteControl.defaultDelete();
    }
}
