package dev.sandbox.operator.volume;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeStatus;
import dev.sandbox.crd.ResourceCondition;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a NetworkVolume's status and removes its Docker volumes on this node when it is deleted. Volumes are created on
 * a node when a sandbox there first mounts one; mounting arrives with the volume feature, so for now a volume stays
 * Pending until then.
 */
@ControllerConfiguration(name = NetworkVolumeReconciler.NAME)
public class NetworkVolumeReconciler implements Reconciler<NetworkVolume>, Cleaner<NetworkVolume> {
  public static final String NAME = "networkvolume";
  public static final String VOLUME_LABEL = "sandbox.dev/network-volume-uid";
  private static final Logger log = LoggerFactory.getLogger(NetworkVolumeReconciler.class);

  private final ContainerRuntime runtime;
  private final OperatorConfig config;

  public NetworkVolumeReconciler(ContainerRuntime runtime, OperatorConfig config) {
    this.runtime = runtime;
    this.config = config;
  }

  @Override
  public UpdateControl<NetworkVolume> reconcile(NetworkVolume volume, Context<NetworkVolume> context) {
    List<String> here = runtime.listVolumes(Map.of(SandboxNames.MANAGED_BY, SandboxNames.MANAGER, VOLUME_LABEL, volume.getMetadata().getUid()));
    NetworkVolumeStatus previous = volume.getStatus() == null ? new NetworkVolumeStatus() : volume.getStatus();
    NetworkVolumeStatus next = new NetworkVolumeStatus();
    long generation = volume.getMetadata().getGeneration() == null ? 0 : volume.getMetadata().getGeneration();
    next.setObservedGeneration(generation);
    next.setNodes(here.isEmpty() ? List.of() : List.of(config.nodeName()));
    next.setMountedBy(previous.getMountedBy());
    next.setPhase(here.isEmpty() ? "Pending" : "Ready");
    next.setMessage(here.isEmpty() ? "created on a node when a sandbox there first mounts it" : "exists on node " + config.nodeName());
    String since = previous.getConditions().stream().filter(c -> "Ready".equals(c.getType()))
        .filter(c -> Objects.equals(c.getStatus(), here.isEmpty() ? ResourceCondition.FALSE : ResourceCondition.TRUE))
        .map(ResourceCondition::getLastTransitionTime).findFirst().orElse(Instant.now().toString());
    next.setConditions(List.of(new ResourceCondition("Ready", here.isEmpty() ? ResourceCondition.FALSE : ResourceCondition.TRUE,
        here.isEmpty() ? "NotYetNeeded" : "Created", next.getMessage(), since, generation)));
    if (Objects.equals(previous.getPhase(), next.getPhase()) && Objects.equals(previous.getNodes(), next.getNodes())
        && Objects.equals(previous.getObservedGeneration(), next.getObservedGeneration())) {
      return UpdateControl.noUpdate();
    }
    volume.setStatus(next);
    return UpdateControl.patchStatus(volume);
  }

  @Override
  public DeleteControl cleanup(NetworkVolume volume, Context<NetworkVolume> context) {
    for (String name : runtime.listVolumes(Map.of(SandboxNames.MANAGED_BY, SandboxNames.MANAGER, VOLUME_LABEL, volume.getMetadata().getUid()))) {
      log.info("network volume {}/{}: removing Docker volume {}", volume.getMetadata().getNamespace(), volume.getMetadata().getName(), name);
      runtime.removeVolume(name);
    }
    return DeleteControl.defaultDelete();
  }
}
