package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.model.ContainerPlanner;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.model.StatusBuilder;
import dev.sandbox.operator.monitor.UsageCache;
import dev.sandbox.operator.monitor.UsageStatusPolicy;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.ImageNotFoundException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the container of each Sandbox bound to this node match its spec: image present, workspace volume, network,
 * hardened container created and started (or stopped), and status saying what is there. Each step is idempotent, so a
 * reconcile cut short by a crash is finished by the next one.
 */
@ControllerConfiguration(name = SandboxReconciler.NAME)
public class SandboxReconciler implements Reconciler<Sandbox>, Cleaner<Sandbox> {
  public static final String NAME = "sandbox";
  private static final Logger log = LoggerFactory.getLogger(SandboxReconciler.class);

  private final ContainerRuntime runtime;
  private final OperatorConfig config;
  private final SandboxMirror mirror;
  private final KubernetesEvents events;
  private final DockerEventSource dockerEvents;
  private final UsageCache usage;
  /** Reconciles asked for by the sampler when a sandbox's status.usage is due. */
  private final SimpleInboundEventSource<Sandbox> usageRefresh = new SimpleInboundEventSource<>("usage-refresh");
  private volatile IndexerResourceCache<Sandbox> cache;

  public SandboxReconciler(ContainerRuntime runtime, OperatorConfig config, SandboxMirror mirror, KubernetesClient client,
      UsageCache usage) {
    this.runtime = runtime;
    this.config = config;
    this.mirror = mirror;
    this.usage = usage;
    this.events = new KubernetesEvents(client, "sandbox-operator", config.nodeName());
    this.dockerEvents = new DockerEventSource(runtime, config.nodeName());
  }

  @Override
  public List<EventSource<?, Sandbox>> prepareEventSources(EventSourceContext<Sandbox> context) {
    this.cache = context.getPrimaryCache();
    return List.of(dockerEvents, usageRefresh);
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
        .filter(s -> s.getSpec() != null && config.nodeName().equals(s.getSpec().getNodeName()))
        .collect(Collectors.groupingBy(s -> s.getMetadata().getDeletionTimestamp() != null ? SandboxPhase.Terminating.name()
            : s.getStatus() == null || s.getStatus().getPhase() == null ? SandboxPhase.Pending.name() : s.getStatus().getPhase().name(),
            Collectors.counting()));
  }

  @Override
  public UpdateControl<Sandbox> reconcile(Sandbox sandbox, Context<Sandbox> context) {
    SandboxSpec spec = sandbox.getSpec();
    if (spec == null) {
      return UpdateControl.noUpdate();
    }
    if (spec.getNodeName() == null) {
      if (!config.claimUnbound()) {
        return UpdateControl.noUpdate();
      }
      // No scheduler on a single node: bind to ourselves. The binding is in the spec, so it survives restarts.
      sandbox.getSpec().setNodeName(config.nodeName());
      events.publish(sandbox, false, "Scheduled", "bound to node " + config.nodeName());
      return UpdateControl.patchResource(sandbox);
    }
    if (!config.nodeName().equals(spec.getNodeName())) {
      return UpdateControl.noUpdate();
    }

    Observation observed = observe(sandbox);
    return finish(sandbox, observed);
  }

  private Observation observe(Sandbox sandbox) {
    List<FieldError> invalid = SpecValidator.validate(sandbox.getSpec());
    if (!invalid.isEmpty()) {
      String message = invalid.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
      return new Observation(SandboxPhase.Failed, Observation.REASON_INVALID_SPEC, message, null);
    }
    ContainerSpec plan = ContainerPlanner.plan(sandbox, config);
    boolean wantRunning = sandbox.getSpec().getDesiredState() != dev.sandbox.crd.DesiredState.Stopped;
    // A container being removed is as good as gone; the destroy event brings us back here.
    Optional<ContainerState> existing = runtime.inspect(plan.name()).filter(c -> !"removing".equals(c.status()));
    SandboxStatus status = sandbox.getStatus();

    if (existing.isEmpty() && status != null && status.getContainerId() != null
        && (status.getPhase() == SandboxPhase.Running || status.getPhase() == SandboxPhase.Stopped)) {
      // We had made and recorded a container and it is gone: someone removed it behind our back.
      return new Observation(SandboxPhase.Failed, Observation.REASON_CONTAINER_REMOVED,
          "container " + status.getContainerName() + " was removed outside the operator", null);
    }
    if (existing.isEmpty() && status != null && status.getPhase() == SandboxPhase.Failed
        && (Observation.REASON_CONTAINER_REMOVED.equals(status.getReason()) || Observation.REASON_IMAGE_NOT_FOUND.equals(status.getReason()))
        && Objects.equals(status.getObservedGeneration(), sandbox.getMetadata().getGeneration())) {
      // Permanent failures stay put until the spec changes; no retry storm.
      return new Observation(SandboxPhase.Failed, status.getReason(), status.getMessage(), null);
    }

    if (existing.isPresent() && !Objects.equals(existing.get().labels().get(SandboxNames.SPEC_HASH), plan.labels().get(SandboxNames.SPEC_HASH))) {
      log.info("sandbox {}/{}: spec changed; recreating its container (the workspace is kept)",
          sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName());
      runtime.remove(existing.get().id());
      mirror.transition(sandbox, "Recreating", "SpecChanged", "container recreated to apply a spec change");
      existing = Optional.empty();
    }

    if (!wantRunning) {
      if (existing.isPresent() && existing.get().running()) {
        runtime.stop(existing.get().id(), config.stopTimeout());
        existing = runtime.inspect(plan.name());
      }
      return existing.map(c -> Observation.of(c, false, plan.memoryBytes()))
          .orElse(new Observation(SandboxPhase.Stopped, Observation.REASON_STOPPED, "stopped on request", null));
    }

    if (existing.isEmpty()) {
      try {
        create(sandbox, plan);
      } catch (ImageNotFoundException e) {
        return new Observation(SandboxPhase.Failed, Observation.REASON_IMAGE_NOT_FOUND, e.getMessage(), null);
      }
      existing = runtime.inspect(plan.name());
    }
    ContainerState container = existing.orElseThrow(() -> new IllegalStateException("container " + plan.name() + " vanished during creation"));
    if ("created".equals(container.status())) {
      // Created but never started (first run, or a crash between create and start).
      try {
        runtime.start(container.id());
      } catch (RuntimeException e) {
        return new Observation(SandboxPhase.Failed, Observation.REASON_START_FAILED, "container could not start: " + e.getMessage(),
            runtime.inspect(plan.name()).orElse(container));
      }
      container = runtime.inspect(plan.name()).orElse(container);
    }
    return Observation.of(container, true, plan.memoryBytes());
  }

  private void create(Sandbox sandbox, ContainerSpec plan) {
    String ns = sandbox.getMetadata().getNamespace();
    String name = sandbox.getMetadata().getName();
    String uid = sandbox.getMetadata().getUid();
    log.info("sandbox {}/{}: ensuring image {}", ns, name, plan.image());
    runtime.ensureImage(plan.image());
    runtime.ensureVolume(plan.workspaceVolume(), SandboxNames.labels(sandbox, config.nodeName(), "workspace"));
    if (!"none".equals(plan.network())) {
      runtime.ensureNetwork(plan.network(), SandboxNames.labels(sandbox, config.nodeName(), "network"));
    }
    log.info("sandbox {}/{}: creating container {}", ns, name, plan.name());
    String id = runtime.create(plan);
    runtime.prepareWorkspace(id, plan.workspaceVolume(), runtime.imageUser(plan.image()));
    mirror.transition(sandbox, "Created", "Created", "container " + plan.name() + " created");
    events.publish(sandbox, false, "Created", "created container " + plan.name());
    log.info("sandbox {}/{}: starting container {} (uid {})", ns, name, id.substring(0, 12), uid);
  }

  private UpdateControl<Sandbox> finish(Sandbox sandbox, Observation observed) {
    SandboxStatus previous = sandbox.getStatus();
    SandboxStatus next = StatusBuilder.build(sandbox, observed, config.nodeName(), Instant.now());
    String uid = sandbox.getMetadata().getUid();
    // Usage rides along with the status write the reconciler makes anyway; the policy keeps it to about once a minute.
    next.setUsage(UsageStatusPolicy.next(previous == null ? null : previous.getUsage(), usage.latest(uid).orElse(null),
        next.getPhase() == SandboxPhase.Running, config.monitoring().statusInterval()));
    boolean phaseChanged = previous == null || previous.getPhase() != next.getPhase() || !Objects.equals(previous.getReason(), next.getReason());
    sandbox.setStatus(next);
    if (phaseChanged) {
      boolean warning = next.getPhase() == SandboxPhase.Failed;
      log.info("sandbox {}/{}: {} ({}: {})", sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName(),
          next.getPhase(), next.getReason(), next.getMessage());
      mirror.transition(sandbox, next.getPhase().name(), next.getReason(), next.getMessage());
      events.publish(sandbox, warning, next.getReason(), next.getMessage());
    }
    usage.wroteStatus(uid, next.getUsage());
    if (previous == null || !StatusBuilder.same(previous, next)) {
      mirror.record(sandbox);
      return UpdateControl.patchStatus(sandbox).rescheduleAfter(config.resyncInterval());
    }
    return UpdateControl.<Sandbox>noUpdate().rescheduleAfter(config.resyncInterval());
  }

  @Override
  public ErrorStatusUpdateControl<Sandbox> updateErrorStatus(Sandbox sandbox, Context<Sandbox> context, Exception e) {
    // Transient trouble (engine unreachable, conflicts): say so in the message, keep the phase, let JOSDK retry.
    SandboxStatus status = sandbox.getStatus() == null ? new SandboxStatus() : sandbox.getStatus();
    String message = "reconcile failed, retrying: " + e.getMessage();
    if (message.equals(status.getMessage())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    log.warn("sandbox {}/{}: {}", sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName(), message);
    status.setMessage(message);
    if (status.getPhase() == null) {
      status.setPhase(SandboxPhase.Pending);
    }
    sandbox.setStatus(status);
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
    log.info("sandbox {}/{}: deleting container, network and workspace", sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName());
    runtime.remove(SandboxNames.container(uid));
    runtime.removeNetwork(SandboxNames.network(uid));
    runtime.removeVolume(SandboxNames.workspaceVolume(uid));
    mirror.transition(sandbox, "Deleted", "Deleted", "container and workspace removed");
    mirror.deleted(sandbox);
    usage.remove(uid);
    return DeleteControl.defaultDelete();
  }
}
