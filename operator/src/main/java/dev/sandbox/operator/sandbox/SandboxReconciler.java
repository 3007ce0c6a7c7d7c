package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.NetworkSpecCheck;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxDisk;
import dev.sandbox.crd.SandboxMount;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.ShutdownPolicy;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.model.BuildContexts;
import dev.sandbox.operator.model.ContainerPlanner;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.model.StatusBuilder;
import dev.sandbox.operator.monitor.UsageCache;
import dev.sandbox.operator.monitor.UsageStatusPolicy;
import dev.sandbox.operator.network.PortAllocator;
import dev.sandbox.operator.network.PortInUseException;
import dev.sandbox.operator.network.SandboxFirewall;
import dev.sandbox.operator.network.SandboxNetworking;
import dev.sandbox.operator.runtime.ContainerRefusedException;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DiskImages;
import dev.sandbox.operator.runtime.GpuUnavailableException;
import dev.sandbox.operator.runtime.HostPortTakenException;
import dev.sandbox.operator.runtime.ImageBuildException;
import dev.sandbox.operator.runtime.ImageNotFoundException;
import dev.sandbox.operator.runtime.VolumeRefusedException;
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
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the container of each Sandbox bound to this node match its spec: image present (pulled or built), workspace
 * volume, network, hardened container created and started or stopped, restarts asked for, failures retried with
 * back-off, lifetime enforced, and status saying what is there. Each step is idempotent and the bookkeeping lives in
 * the status, so a reconcile cut short by a crash is finished by the next one.
 */
@ControllerConfiguration(name = SandboxReconciler.NAME)
public class SandboxReconciler implements Reconciler<Sandbox>, Cleaner<Sandbox>, AutoCloseable {
    public static final String NAME = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxReconciler.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 20;

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
    private final SharedVolumeStep sharedVolumes;

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
        this.sharedVolumes = new SharedVolumeStep(runtime, client, config.installation(), config.nodeName());
    }

    @Override
    public List<EventSource<?, Sandbox>> prepareEventSources(EventSourceContext<Sandbox> context) {
        this.cache = context.getPrimaryCache();
        return List.of(dockerEvents, usageRefresh);
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
                .collect(Collectors.groupingBy(
                        s -> s.getMetadata().getDeletionTimestamp() != null
                                ? SandboxPhase.Terminating.name()
                                : s.getStatus() == null || s.getStatus().getPhase() == null
                                        ? SandboxPhase.Pending.name()
                                        : s.getStatus().getPhase().name(),
                        Collectors.counting()));
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
            // an
            // event). The binding is in the spec, so it survives restarts.
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
        Observation observed = observe(sandbox, progress, Instant.now());
        return finish(sandbox, observed, progress, context);
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

    private Observation observe(Sandbox sandbox, Progress p, Instant now) {
        SandboxSpec spec = sandbox.getSpec();
        SandboxStatus status = sandbox.getStatus();
        List<FieldError> invalid = new java.util.ArrayList<>(SpecValidator.validate(spec));
        if (invalid.isEmpty()) {
            // The cluster's maximum is the operator's setting; a kubectl user meets it here, a REST user at the
            // gateway.
            SpecValidator.diskProblem(
                            spec.getResources().getDisk(), config.disk().maxBytes())
                    .ifPresent(invalid::add);
            // The node port range is this node's setting; kubectl users meet it here, REST users already at the
            // gateway.
            invalid.addAll(
                    NetworkSpecCheck.checkExternalPorts(spec, config.network().portRange(), reservedPorts));
        }
        if (!invalid.isEmpty()) {
            // Named as the resource's fields, since whoever reads this status wrote the resource (kubectl).
            String message = invalid.stream()
                            .limit(5)
                            .map(e -> SpecValidator.crdField(e.field()) + " " + e.message())
                            .collect(Collectors.joining("; "))
                    + (invalid.size() > 5 ? "; and " + (invalid.size() - 5) + " more" : "");
            return new Observation(SandboxPhase.Failed, Observation.REASON_INVALID_SPEC, message, null);
        }
        Long generation = sandbox.getMetadata().getGeneration();
        boolean specChanged = status == null || !Objects.equals(status.getObservedGeneration(), generation);
        if (specChanged) {
            // A new spec deserves a fresh set of retries.
            p.retryCount = 0;
            p.nextRetryAt = null;
        }
        int restartWanted = spec.getRestartRequest() == null ? 0 : spec.getRestartRequest();
        boolean restartPending = restartWanted > p.observedRestartRequest;

        Instant expires = expiry(sandbox);
        p.expiresAt = expires == null ? null : expires.toString();
        boolean expired = expires != null && !now.isBefore(expires);
        if (expired && spec.getShutdownPolicy() != ShutdownPolicy.Stop) {
            if (sandbox.getMetadata().getDeletionTimestamp() == null) {
                String message = "lifetime of " + spec.getResources().getTimeoutSeconds() + " s reached; deleting";
                journal.record(sandbox, JournalEntry.expired(message));
                client.resource(sandbox).delete();
            }
            return new Observation(
                    SandboxPhase.Terminating, Observation.REASON_EXPIRED, "lifetime reached; deleting", null);
        }

        SandboxSnapshot source = null;
        if (spec.getSnapshot() != null
                && (p.restoredFromSnapshot == null || (spec.getImage() == null && p.image == null))) {
            SnapshotSource.Resolution resolved = SnapshotSource.resolve(client, sandbox, config.nodeName());
            if (resolved.problem() != null) {
                return resolved.problem();
            }
            source = resolved.snapshot();
        }
        if (spec.getImage() == null && spec.getSnapshot() != null) {
            // The snapshot's image, as resolved the first time and kept in status.image afterwards.
            spec.setImage(source != null ? source.getStatus().getImage() : p.image);
        }

        Map<String, SharedVolumeStep.Resolved> shared = new java.util.HashMap<>();
        Map<String, ContainerPlanner.SharedVolume> volumes = new java.util.HashMap<>();
        for (SandboxMount m : spec.getMounts()) {
            NetworkVolume nv = client.resources(NetworkVolume.class)
                    .inNamespace(sandbox.getMetadata().getNamespace())
                    .withName(m.getVolume())
                    .get();
            if (nv == null || nv.getMetadata().getDeletionTimestamp() != null) {
                return new Observation(
                        SandboxPhase.Pending,
                        Observation.REASON_VOLUME_NOT_FOUND,
                        "network volume " + shown(m) + " does not exist in namespace "
                                + sandbox.getMetadata().getNamespace(),
                        null);
            }
            SharedVolumeStep.Resolved resolved = sharedVolumes.resolve(nv);
            if (resolved.problem() != null) {
                // The volume itself is refused (its own status says so too): never made, never mounted.
                return new Observation(
                        SandboxPhase.Failed,
                        Observation.REASON_VOLUME_FAILED,
                        "network volume " + shown(m) + ": " + resolved.problem(),
                        null);
            }
            shared.put(m.getVolume(), resolved);
            volumes.put(
                    m.getVolume(),
                    new ContainerPlanner.SharedVolume(
                            SandboxNames.sharedVolume(nv.getMetadata().getUid()),
                            Boolean.TRUE.equals(nv.getSpec().getReadOnly())));
        }
        ContainerSpec plan = ContainerPlanner.plan(sandbox, config, volumes);
        p.image = plan.image();
        boolean wantRunning = spec.getDesiredState() != DesiredState.Stopped && !expired;
        // A container being removed is as good as gone; the destroy event brings us back here.
        Optional<ContainerState> existing = runtime.inspect(plan.name()).filter(c -> !"removing".equals(c.status()));

        if (status != null
                && status.getPhase() == SandboxPhase.Failed
                && Observation.PERMANENT.contains(status.getReason())
                && !specChanged
                && !restartPending) {
            return new Observation(SandboxPhase.Failed, status.getReason(), status.getMessage(), existing.orElse(null));
        }
        if (existing.isEmpty()
                && status != null
                && status.getContainerId() != null
                && !specChanged
                && !restartPending
                && (status.getPhase() == SandboxPhase.Running
                        || status.getPhase() == SandboxPhase.Paused
                        || status.getPhase() == SandboxPhase.Stopped)) {
            // We made and recorded a container for this very spec and it is gone: someone removed it behind our back.
            return new Observation(
                    SandboxPhase.Failed,
                    Observation.REASON_CONTAINER_REMOVED,
                    "container " + status.getContainerName()
                            + " was removed outside the operator; restart the sandbox to make a new one",
                    null);
        }
        boolean forceBuild = spec.getBuildContext() != null
                && Boolean.TRUE.equals(spec.getForceBuild())
                && !Objects.equals(p.builtForGeneration, generation);
        if (existing.isPresent()
                && (forceBuild
                        || !Objects.equals(
                                existing.get().labels().get(SandboxNames.SPEC_HASH),
                                plan.labels().get(SandboxNames.SPEC_HASH)))) {
            log.info("sandbox {}: spec changed; recreating its container (the workspace is kept)", key(sandbox));
            Freezer.thaw(runtime, existing.get());
            runtime.remove(existing.get().id());
            journal.record(sandbox, JournalEntry.recreatingForSpec());
            existing = Optional.empty();
        }
        if (existing.isPresent() && !LimitChange.applied(existing.get(), plan)) {
            existing = LimitChange.apply(runtime, existing.get(), plan, sandbox, journal);
        }

        if (!wantRunning) {
            p.nextRetryAt = null;
            p.observedRestartRequest = Math.max(p.observedRestartRequest, restartWanted);
            if (existing.isPresent()
                    && (existing.get().running() || existing.get().paused())) {
                // A frozen process cannot act on SIGTERM: let it run for its graceful stop.
                Freezer.thaw(runtime, existing.get());
                runtime.stop(existing.get().id(), stopTimeout(spec));
                existing = runtime.inspect(plan.name());
            }
            Observation stopped = existing.map(c -> Observation.of(c, false, plan.memoryBytes()))
                    .orElse(new Observation(
                            SandboxPhase.Stopped, Observation.REASON_STOPPED, "stopped on request", null));
            return expired
                    ? stopped.with(
                            SandboxPhase.Stopped,
                            Observation.REASON_EXPIRED,
                            "lifetime of " + spec.getResources().getTimeoutSeconds()
                                    + " s reached; stopped (the workspace is kept)")
                    : stopped;
        }

        // Before any container starts, and again on every pass: the network and its firewall rules (re-made when lost).
        networking.ensure(sandbox, plan);
        boolean justCreated = existing.isEmpty();
        if (existing.isEmpty()) {
            Observation failure = prepareImage(sandbox, plan, p, forceBuild, generation);
            if (failure != null) {
                return failure;
            }
            try {
                sharedVolumes.ensure(shared.values());
            } catch (VolumeRefusedException e) {
                return new Observation(SandboxPhase.Failed, Observation.REASON_VOLUME_FAILED, e.getMessage(), null);
            }
            String id;
            try {
                id = create(sandbox, plan.withPorts(ports.resolve(sandbox, plan.ports())), source, p);
            } catch (PortInUseException e) {
                return new Observation(SandboxPhase.Pending, Observation.REASON_PORT_IN_USE, e.getMessage(), null);
            } catch (ContainerRefusedException e) {
                return startFailure(e, null);
            }
            // Just made and not started: what an inspect would say, without asking (the start below inspects anyway).
            existing = Optional.of(new ContainerState(
                    id,
                    plan.name(),
                    "created",
                    null,
                    false,
                    null,
                    null,
                    null,
                    plan.labels(),
                    List.of(),
                    null,
                    List.of()));
            p.observedRestartRequest = Math.max(p.observedRestartRequest, restartWanted);
            restartPending = false;
        }
        ContainerState container = existing.orElseThrow(
                () -> new IllegalStateException("container " + plan.name() + " vanished during creation"));
        if (!justCreated && !container.running()) {
            // About to be started again: its file systems must be mounted (they are not after a node restart).
            runtime.ensureVolume(
                    plan.workspaceVolume(),
                    diskBytes(spec),
                    SandboxNames.labels(sandbox, config.installation(), config.nodeName(), "workspace"));
            try {
                sharedVolumes.ensure(shared.values());
            } catch (VolumeRefusedException e) {
                return new Observation(
                        SandboxPhase.Failed, Observation.REASON_VOLUME_FAILED, e.getMessage(), container);
            }
        }

        if (restartPending) {
            log.info("sandbox {}: restarting on request", key(sandbox));
            Freezer.thaw(runtime, container);
            if (container.running() || container.paused()) {
                runtime.stop(container.id(), stopTimeout(spec));
            }
            try {
                runtime.start(container.id());
            } catch (ContainerRefusedException e) {
                return startFailure(e, container);
            }
            p.restartCount++;
            p.retryCount = 0;
            p.nextRetryAt = null;
            p.observedRestartRequest = restartWanted;
            journal.record(sandbox, JournalEntry.restartedOnRequest());
            container = runtime.inspect(plan.name()).orElse(container);
        } else if ("created".equals(container.status())) {
            // Created but never started (first run, or a crash between create and start).
            try {
                runtime.start(container.id());
            } catch (ContainerRefusedException e) {
                return startFailure(e, runtime.inspect(plan.name()).orElse(container));
            }
            container = runtime.inspect(plan.name()).orElse(container);
        } else if ((container.exited()
                        && status != null
                        && ((status.getPhase() == SandboxPhase.Stopped
                                        && (Observation.REASON_STOPPED.equals(status.getReason())
                                                || Observation.REASON_EXPIRED.equals(status.getReason())))
                                || Observation.REASON_ENGINE_UNAVAILABLE.equals(status.getReason())))
                || (container.exited() && dockerEvents.endedDuringEngineOutage(container.finishedAt()))) {
            // Stopped on request before (or by an engine restart), wanted running now: start the same container again,
            // with the same workspace. An engine restart is not the sandbox's failure, so it costs no retry.
            try {
                runtime.start(container.id());
            } catch (ContainerRefusedException e) {
                return startFailure(e, container);
            }
            p.retryCount = 0;
            container = runtime.inspect(plan.name()).orElse(container);
        }
        if (container.exited() && (container.oomKilled() || !Integer.valueOf(0).equals(container.exitCode()))) {
            // Also reached when a container we just started died at once.
            return crashed(sandbox, container, p, plan, now);
        }
        container = Freezer.apply(runtime, sandbox, container, journal);
        if (container.running() || container.paused()) {
            p.nextRetryAt = null;
        }
        return Observation.of(container, true, plan.memoryBytes());
    }

    /** A container that failed while it should run: restart it after a back-off, or give up once retries are spent. */
    private Observation crashed(
            Sandbox sandbox, ContainerState container, Progress p, ContainerSpec plan, Instant now) {
        int maxRetries = sandbox.getSpec().getResources().getMaxRetries() == null
                ? 0
                : sandbox.getSpec().getResources().getMaxRetries();
        Observation failed = Observation.of(container, true, plan.memoryBytes());
        if (p.retryCount >= maxRetries) {
            p.nextRetryAt = null;
            if (p.logTail == null
                    || !Objects.equals(
                            container.finishedAt(),
                            sandbox.getStatus() == null
                                    ? null
                                    : sandbox.getStatus().getFinishedAt())) {
                p.logTail = Progress.tail(runtime.logTail(container.id(), LOG_TAIL_LINES), 4000);
            }
            if (maxRetries > 0 && !container.oomKilled()) {
                return failed.with(
                        SandboxPhase.Failed,
                        Observation.REASON_CRASH_LOOP,
                        failed.message() + "; gave up after " + maxRetries + " restarts");
            }
            return failed;
        }
        if (p.nextRetryAt == null) {
            Duration backoff = backoff(p.retryCount);
            p.nextRetryAt = now.plus(backoff).toString();
            p.logTail = Progress.tail(runtime.logTail(container.id(), LOG_TAIL_LINES), 4000);
            log.info(
                    "sandbox {}: {}; restart {} of {} in {} s",
                    key(sandbox),
                    failed.message(),
                    p.retryCount + 1,
                    maxRetries,
                    backoff.toSeconds());
        }
        Instant due = Instant.parse(p.nextRetryAt);
        if (now.isBefore(due)) {
            return failed.with(
                    SandboxPhase.Pending,
                    Observation.REASON_BACK_OFF,
                    failed.message() + "; restart " + (p.retryCount + 1) + " of " + maxRetries + " at "
                            + p.nextRetryAt);
        }
        try {
            runtime.start(container.id());
        } catch (ContainerRefusedException e) {
            return startFailure(e, container);
        }
        p.retryCount++;
        p.restartCount++;
        p.nextRetryAt = null;
        journal.record(
                sandbox,
                JournalEntry.restartedAfterFailure(failed.reason(), failed.message(), p.retryCount, maxRetries));
        ContainerState restarted = runtime.inspect(plan.name()).orElse(container);
        if (restarted.exited() && (restarted.oomKilled() || !Integer.valueOf(0).equals(restarted.exitCode()))) {
            // Died again at once: straight into the next back-off (or give up); retryCount grew, so this ends.
            return crashed(sandbox, restarted, p, plan, now);
        }
        return Observation.of(restarted, true, plan.memoryBytes());
    }

    /** Pulls or builds the image. Returns a failure to report, or null when the image is ready. */
    private Observation prepareImage(
            Sandbox sandbox, ContainerSpec plan, Progress p, boolean forceBuild, Long generation) {
        Map<String, String> context = sandbox.getSpec().getBuildContext();
        try {
            if (context == null) {
                log.info("sandbox {}: ensuring image {}", key(sandbox), plan.image());
                if (runtime.ensureImage(plan.image())) {
                    journal.record(sandbox, JournalEntry.pulled(plan.image()));
                }
                return null;
            }
            if (forceBuild || !runtime.imageExists(plan.image())) {
                log.info(
                        "sandbox {}: building image {} from its build context ({} files)",
                        key(sandbox),
                        plan.image(),
                        context.size());
                journal.record(sandbox, JournalEntry.building(plan.image()));
                String output = runtime.buildImage(
                        plan.image(), context, Map.of(SandboxNames.MANAGED_BY, SandboxNames.MANAGER));
                p.buildLog = Progress.tail(output, 4000);
                journal.record(sandbox, JournalEntry.built(plan.image()));
            }
            p.buildContextHash = BuildContexts.hash(context);
            p.builtForGeneration = generation;
            return null;
        } catch (ImageNotFoundException e) {
            return new Observation(SandboxPhase.Failed, Observation.REASON_IMAGE_NOT_FOUND, e.getMessage(), null);
        } catch (ImageBuildException e) {
            p.buildLog = Progress.tail(e.output(), 4000);
            p.builtForGeneration = generation;
            return new Observation(
                    SandboxPhase.Failed,
                    Observation.REASON_BUILD_FAILED,
                    e.getMessage() + " (see status.buildLog)",
                    null);
        }
    }

    /** What the engine's refusal of the container means for the sandbox. */
    private Observation startFailure(ContainerRefusedException e, ContainerState container) {
        if (e instanceof HostPortTakenException) {
            // Taken between our check and the engine's bind: wait for it instead of failing with the engine's text. The
            // container goes, so the next pass chooses its free ports afresh.
            if (container != null) {
                runtime.remove(container.id());
            }
            return new Observation(
                    SandboxPhase.Pending,
                    Observation.REASON_PORT_IN_USE,
                    "a published port is already in use on this node; the sandbox starts once it is free",
                    null);
        }
        if (e instanceof GpuUnavailableException) {
            return new Observation(
                    SandboxPhase.Failed,
                    Observation.REASON_NO_GPU,
                    "the sandbox asks for a GPU and this node has none usable by Docker: " + e.getMessage(),
                    container);
        }
        return new Observation(
                SandboxPhase.Failed,
                Observation.REASON_START_FAILED,
                "container could not start: " + e.getMessage(),
                container);
    }

    /**
     * Makes the workspace (a copy of the snapshot's, the first time, when the sandbox starts from one), network and
     * container; returns the container's id.
     */
    private String create(Sandbox sandbox, ContainerSpec plan, SandboxSnapshot source, Progress p) {
        runtime.ensureVolume(
                plan.workspaceVolume(),
                diskBytes(sandbox.getSpec()),
                SandboxNames.labels(sandbox, config.installation(), config.nodeName(), "workspace"));
        if (source != null && p.restoredFromSnapshot == null) {
            long bytes = runtime.snapshots()
                    .copyVolume(
                            source.getStatus().getVolume(),
                            plan.workspaceVolume(),
                            SandboxNames.labels(sandbox, config.installation(), config.nodeName(), "workspace"));
            p.restoredFromSnapshot = source.getMetadata().getName();
            log.info(
                    "sandbox {}: workspace restored from snapshot {} ({} bytes)",
                    key(sandbox),
                    source.getMetadata().getName(),
                    bytes);
            journal.record(sandbox, JournalEntry.restored(source.getMetadata().getName()));
        }
        log.info("sandbox {}: creating container {}", key(sandbox), plan.name());
        String id = runtime.create(plan);
        runtime.prepareWorkspace(id, plan.workspaceVolume(), runtime.imageUser(plan.image()));
        journal.record(sandbox, JournalEntry.created(plan.name()));
        return id;
    }

    private UpdateControl<Sandbox> finish(
            Sandbox sandbox, Observation observed, Progress progress, Context<Sandbox> context) {
        SandboxStatus previous = sandbox.getStatus();
        SandboxStatus next = StatusBuilder.build(sandbox, observed, config.nodeName(), Instant.now());
        progress.applyTo(next);
        if (observed.phase() != SandboxPhase.Terminating
                && !Observation.REASON_INVALID_SPEC.equals(observed.reason())) {
            next.setDisk(disk(sandbox, previous));
        }
        next.setNetwork(networking.status(sandbox));
        written.put(sandbox.getMetadata().getUid(), progress);
        String uid = sandbox.getMetadata().getUid();
        // Usage rides along with the status write the reconciler makes anyway; the policy keeps it to about once a
        // minute.
        next.setUsage(UsageStatusPolicy.next(
                previous == null ? null : previous.getUsage(),
                usage.latest(uid).orElse(null),
                next.getPhase() == SandboxPhase.Running,
                config.monitoring().statusInterval()));
        boolean phaseChanged = previous == null
                || previous.getPhase() != next.getPhase()
                || !Objects.equals(previous.getReason(), next.getReason());
        sandbox.setStatus(next);
        if (phaseChanged) {
            boolean warning =
                    next.getPhase() == SandboxPhase.Failed || Observation.REASON_BACK_OFF.equals(next.getReason());
            log.info("sandbox {}: {} ({}: {})", key(sandbox), next.getPhase(), next.getReason(), next.getMessage());
            journal.record(
                    sandbox, JournalEntry.phase(next.getPhase().name(), next.getReason(), next.getMessage(), warning));
        }
        Duration after = Observation.REASON_VOLUME_NOT_FOUND.equals(next.getReason())
                ? Duration.ofSeconds(2)
                : Observation.REASON_SNAPSHOT_PENDING.equals(next.getReason())
                                || Observation.REASON_SNAPSHOT_NOT_FOUND.equals(next.getReason())
                        ? Duration.ofMillis(250)
                        : nextCheck(progress);
        usage.wroteStatus(uid, next.getUsage());
        if (previous == null || !StatusBuilder.same(previous, next)) {
            mirror.record(sandbox);
            // Replaced whole, with the resource version as a lock, and the result cached: the next reconcile starts
            // from
            // this status even when the watch has not delivered it yet, and a write based on an older copy is refused
            // and
            // redone on the newer one instead of patching fields that are no longer there.
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(sandbox, context, fresh -> {
                fresh.setStatus(next);
                return fresh;
            });
        }
        return UpdateControl.<Sandbox>noUpdate().rescheduleAfter(after);
    }

    /** Size of the sandbox's workspace file system. */
    static long diskBytes(SandboxSpec spec) {
        String disk = spec.getResources().getDisk();
        return Quantities.parseBytes(disk == null ? SandboxResources.DEFAULT_DISK : disk);
    }

    /**
     * The workspace's fill level for the status: refreshed when it moved by a mebibyte or more, so a sandbox writing
     * steadily does not turn every re-check into a status write.
     */
    private SandboxDisk disk(Sandbox sandbox, SandboxStatus previous) {
        long limit = diskBytes(sandbox.getSpec());
        SandboxDisk before = previous == null ? null : previous.getDisk();
        Optional<DiskImages.Usage> usage = runtime.diskUsage(
                SandboxNames.workspaceVolume(sandbox.getMetadata().getUid()));
        if (usage.isEmpty()) {
            boolean enforced = runtime.diskLimitsEnforced();
            return before != null
                            && Objects.equals(before.getLimitBytes(), limit)
                            && Objects.equals(before.getEnforced(), enforced)
                    ? before
                    : new SandboxDisk(before == null ? null : before.getUsedBytes(), limit, enforced);
        }
        long used = usage.get().usedBytes();
        if (before != null
                && before.getUsedBytes() != null
                && Math.abs(before.getUsedBytes() - used) < 1024 * 1024
                && Objects.equals(before.getLimitBytes(), usage.get().limitBytes())
                && Boolean.TRUE.equals(before.getEnforced())) {
            return before;
        }
        return new SandboxDisk(used, usage.get().limitBytes(), true);
    }

    /** The periodic re-check, sooner when a retry or the end of the lifetime is due. */
    private Duration nextCheck(Progress p) {
        Duration after = config.resyncInterval();
        Instant now = Instant.now();
        for (String due : new String[] {p.nextRetryAt, p.expiresAt}) {
            if (due != null) {
                Duration until = Duration.between(now, Instant.parse(due)).plusMillis(50);
                if (until.isNegative()) {
                    until = Duration.ofMillis(50);
                }
                if (until.compareTo(after) < 0) {
                    after = until;
                }
            }
        }
        return after;
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

    static Duration backoff(int retriesSoFar) {
        Duration d = Duration.ofSeconds(1L << Math.min(retriesSoFar, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private Duration stopTimeout(SandboxSpec spec) {
        return spec.getStopTimeoutSeconds() == null
                ? config.stopTimeout()
                : Duration.ofSeconds(spec.getStopTimeoutSeconds());
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

    /** A mount's volume in a status message: the tenant's name for it too when it came through the REST API. */
    private static String shown(SandboxMount m) {
        return m.getDisplayName() == null || m.getDisplayName().equals(m.getVolume())
                ? m.getVolume()
                : m.getDisplayName() + " (NetworkVolume " + m.getVolume() + ")";
    }
}
