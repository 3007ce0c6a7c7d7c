package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.ContainerPlanner;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.Containers;
import dev.sandbox.operator.volume.SharedVolumeStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the sandbox needs before anything is done for it: the snapshot it starts from, its NetworkVolumes (from
 * the informer's cache), the container planned for its spec and the container the engine has. Reports what keeps the
 * sandbox waiting or failing when one of them is missing or refused.
 */
final class LookStep implements SandboxStep {
    private final Containers runtime;
    private final OperatorConfig config;
    private final KubernetesClient client;
    private final NetworkVolumeSource volumes;
    private final SharedVolumeStep sharedVolumes;

    LookStep(
            Containers runtime,
            OperatorConfig config,
            KubernetesClient client,
            NetworkVolumeSource volumes,
            SharedVolumeStep sharedVolumes) {
        this.runtime = runtime;
        this.config = config;
        this.client = client;
        this.volumes = volumes;
        this.sharedVolumes = sharedVolumes;
    }

    @Override
    public Observation run(PassState pass) {
        Sandbox sandbox = pass.sandbox;
        SandboxSpec spec = sandbox.getSpec();
        Progress p = pass.progress;
        if (spec.getSnapshot() != null
                && (p.restoredFromSnapshot == null || (spec.getImage() == null && p.image == null))) {
            SnapshotSource.Resolution resolved = SnapshotSource.resolve(client, sandbox, config.nodeName());
            if (resolved.problem() != null) {
                return resolved.problem();
            }
            pass.source = resolved.snapshot();
        }
        if (spec.getImage() == null && spec.getSnapshot() != null) {
            // The snapshot's image, as resolved the first time and kept in status.image afterwards.
            spec.setImage(pass.source != null ? pass.source.getStatus().getImage() : p.image);
        }

        List<SharedVolumeStep.Resolved> shared = new ArrayList<>();
        Map<String, ContainerPlanner.SharedVolume> planned = new HashMap<>();
        String namespace = sandbox.getMetadata().getNamespace();
        for (SandboxMount m : spec.getMounts()) {
            Optional<NetworkVolume> cached = volumes.find(namespace, m.volume());
            if (cached.isEmpty() || cached.get().getMetadata().getDeletionTimestamp() != null) {
                // No polling: the volume's arrival reconciles the sandboxes that mount it.
                return new Observation(
                        SandboxPhase.Pending,
                        Observation.REASON_VOLUME_NOT_FOUND,
                        "network volume " + shown(m) + " does not exist in namespace " + namespace,
                        null);
            }
            SharedVolumeStep.Resolved resolved = sharedVolumes.resolveCached(cached.get());
            NetworkVolume nv = resolved.volume();
            if (resolved.problem() != null) {
                // The volume itself is refused (its own status says so too): never made, never mounted.
                return new Observation(
                        SandboxPhase.Failed,
                        Observation.REASON_VOLUME_FAILED,
                        "network volume " + shown(m) + ": " + resolved.problem(),
                        null);
            }
            shared.add(resolved);
            planned.put(
                    m.volume(),
                    new ContainerPlanner.SharedVolume(
                            SandboxNames.sharedVolume(nv.getMetadata().getUid()),
                            Boolean.TRUE.equals(nv.getSpec().getReadOnly())));
        }
        pass.shared = List.copyOf(shared);
        pass.plan = ContainerPlanner.plan(sandbox, config, planned);
        p.image = pass.plan.image();
        // A container being removed is as good as gone; the destroy event brings us back here.
        pass.container = runtime.inspect(pass.plan.name())
                .filter(c -> !"removing".equals(c.status()))
                .orElse(null);
        pass.looked = true;
        return null;
    }

    /** A mount's volume in a status message: the tenant's name for it too when it came through the REST API. */
    private static String shown(SandboxMount m) {
        return m.displayName() == null || m.displayName().equals(m.volume())
                ? m.volume()
                : m.displayName() + " (NetworkVolume " + m.volume() + ")";
    }
}
