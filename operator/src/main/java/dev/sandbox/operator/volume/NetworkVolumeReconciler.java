package dev.sandbox.operator.volume;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClassSpec;
import dev.sandbox.crd.NetworkVolumeStatus;
import dev.sandbox.crd.ResourceCondition;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.VolumeClassRules;
import dev.sandbox.crd.VolumeClassType;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.model.SharedVolumes;
import dev.sandbox.operator.runtime.Volumes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a NetworkVolume's status (valid for its class or refused, where it exists, who mounts it, how full it is) and, on deletion, holds the resource
 * until no sandbox mounts it, then removes its Docker volume on this node. The Docker volume itself is made on a node
 * when a sandbox there first mounts the NetworkVolume.
 */
@ControllerConfiguration(name = NetworkVolumeReconciler.NAME)
public class NetworkVolumeReconciler implements Reconciler<NetworkVolume>, Cleaner<NetworkVolume> {
    public static final String NAME = "networkvolume";
    public static final String VOLUME_LABEL = "sandbox.dev/network-volume-uid";
    public static final String VOLUME_NAME_LABEL = "sandbox.dev/network-volume";
    private static final Logger log = LoggerFactory.getLogger(NetworkVolumeReconciler.class);
    private static final Duration RESYNC = Duration.ofSeconds(15);

    private final Volumes runtime;
    private final OperatorConfig config;
    private final KubernetesClient client;
    private final SharedVolumeStep step;

    public NetworkVolumeReconciler(Volumes runtime, OperatorConfig config, KubernetesClient client) {
        this.runtime = runtime;
        this.config = config;
        this.client = client;
        this.step = new SharedVolumeStep(runtime, client, config.installation(), config.nodeName());
    }

    @Override
    public UpdateControl<NetworkVolume> reconcile(NetworkVolume volume, Context<NetworkVolume> context) {
        NetworkVolumeStatus previous = volume.getStatus() == null ? new NetworkVolumeStatus() : volume.getStatus();
        NetworkVolumeStatus next = observe(volume, previous);
        if (same(previous, next)) {
            return UpdateControl.<NetworkVolume>noUpdate().rescheduleAfter(RESYNC);
        }
        volume.setStatus(next);
        return UpdateControl.patchStatus(volume).rescheduleAfter(RESYNC);
    }

    private NetworkVolumeStatus observe(NetworkVolume volume, NetworkVolumeStatus previous) {
        long generation = volume.getMetadata().getGeneration() == null
                ? 0
                : volume.getMetadata().getGeneration();
        NetworkVolumeStatus next = new NetworkVolumeStatus();
        next.setObservedGeneration(generation);
        next.setMountedBy(mountedBy(volume));
        SharedVolumeStep.Resolved resolved = step.resolve(volume);
        String problem = resolved.problem();
        if (problem != null) {
            if (!problem.equals(previous.getMessage())) {
                log.warn(
                        "network volume {}/{} refused: {}",
                        volume.getMetadata().getNamespace(),
                        volume.getMetadata().getName(),
                        problem);
            }
            next.setPhase("Failed");
            next.setMessage(problem);
            next.setConditions(
                    List.of(condition(previous, "Ready", ResourceCondition.FALSE, "InvalidSpec", problem, generation)));
            return next;
        }
        String dockerName = SandboxNames.sharedVolume(volume.getMetadata().getUid());
        boolean here = !runtime.listVolumes(ownVolumes(volume)).isEmpty();
        List<String> nodes = new ArrayList<>(previous.getNodes());
        nodes.remove(config.nodeName());
        if (here) {
            nodes.add(config.nodeName());
        }
        nodes.sort(String::compareTo);
        next.setNodes(nodes);
        long used = here ? runtime.volumeBytes(dockerName) : -1;
        next.setUsedBytes(used >= 0 ? Long.valueOf(used) : previous.getUsedBytes());
        NetworkVolumeClassSpec cls = resolved.cls().getSpec();
        VolumeClassType type = VolumeClassRules.type(cls);
        long size = VolumeClassRules.sizeBytes(volume.getSpec(), cls);
        boolean enforced =
                type == VolumeClassType.Tmpfs || (type == VolumeClassType.Disk && runtime.diskLimitsEnforced());
        next.setSizeEnforced(type == VolumeClassType.Driver ? null : enforced);
        next.setLimitBytes(enforced ? Long.valueOf(size) : null);
        next.setPhase("Ready");
        String className = VolumeClassRules.className(volume.getSpec());
        String sizeNote = type == VolumeClassType.Driver
                ? "; class " + className + " (driver " + SharedVolumes.driver(cls) + ")"
                : enforced
                        ? "; class " + className + ", size " + VolumeClassRules.human(size) + " enforced"
                        : "; class " + className + ", size " + VolumeClassRules.human(size)
                                + " not enforced: this node cannot make file systems of their own";
        next.setMessage((nodes.isEmpty()
                        ? "created on a node when a sandbox there first mounts it"
                        : "exists on " + String.join(", ", nodes))
                + sizeNote);
        List<ResourceCondition> conditions = new ArrayList<>();
        conditions.add(
                condition(previous, "Ready", ResourceCondition.TRUE, "Valid", "usable by sandboxes", generation));
        if (type != VolumeClassType.Driver) {
            conditions.add(condition(
                    previous,
                    "SizeEnforced",
                    enforced ? ResourceCondition.TRUE : ResourceCondition.FALSE,
                    enforced ? "FileSystemLimit" : "NotSupportedOnNode",
                    sizeNote.substring(2),
                    generation));
        }
        next.setConditions(conditions);
        return next;
    }

    /** Selects this installation's Docker volumes of a NetworkVolume (those of another installation are never touched). */
    private Map<String, String> ownVolumes(NetworkVolume volume) {
        return Map.of(
                SandboxNames.MANAGED_BY,
                SandboxNames.MANAGER,
                SandboxNames.INSTALLATION,
                config.installation(),
                VOLUME_LABEL,
                volume.getMetadata().getUid());
    }

    /** Sandboxes of the namespace that mount this volume, by name. */
    private List<String> mountedBy(NetworkVolume volume) {
        return client
                .resources(Sandbox.class)
                .inNamespace(volume.getMetadata().getNamespace())
                .list()
                .getItems()
                .stream()
                .filter(s -> s.getSpec() != null
                        && s.getSpec().getMounts().stream()
                                .anyMatch(m -> volume.getMetadata().getName().equals(m.volume())))
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static ResourceCondition condition(
            NetworkVolumeStatus previous, String type, String status, String reason, String message, long generation) {
        String since = previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(ResourceCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(Instant.now().toString());
        return new ResourceCondition(type, status, reason, message, since, generation);
    }

    private static boolean same(NetworkVolumeStatus a, NetworkVolumeStatus b) {
        return Objects.equals(a.getPhase(), b.getPhase())
                && Objects.equals(a.getNodes(), b.getNodes())
                && Objects.equals(a.getMountedBy(), b.getMountedBy())
                && Objects.equals(a.getUsedBytes(), b.getUsedBytes())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getMessage(), b.getMessage())
                && Objects.equals(a.getSizeEnforced(), b.getSizeEnforced())
                && Objects.equals(a.getLimitBytes(), b.getLimitBytes())
                && Objects.equals(a.getConditions(), b.getConditions());
    }

    @Override
    public DeleteControl cleanup(NetworkVolume volume, Context<NetworkVolume> context) {
        List<String> users = mountedBy(volume);
        if (!users.isEmpty()) {
            // Hold the resource: removing the data under a running sandbox is never what anyone wants.
            String message = "deletion waits until no sandbox mounts it; mounted by " + String.join(", ", users);
            if (volume.getStatus() == null || !message.equals(volume.getStatus().getMessage())) {
                log.info(
                        "network volume {}/{}: {}",
                        volume.getMetadata().getNamespace(),
                        volume.getMetadata().getName(),
                        message);
                client.resource(volume).editStatus(latest -> {
                    NetworkVolumeStatus status =
                            latest.getStatus() == null ? new NetworkVolumeStatus() : latest.getStatus();
                    status.setPhase("Terminating");
                    status.setMountedBy(users);
                    status.setMessage(message);
                    latest.setStatus(status);
                    return latest;
                });
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(3));
        }
        for (String name : runtime.listVolumes(ownVolumes(volume))) {
            log.info(
                    "network volume {}/{}: removing Docker volume {}",
                    volume.getMetadata().getNamespace(),
                    volume.getMetadata().getName(),
                    name);
            runtime.removeVolume(name);
        }
        return DeleteControl.defaultDelete();
    }
}
