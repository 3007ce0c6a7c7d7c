package dev.sandbox.operator.volume;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.VolumeClassRules;
import dev.sandbox.crd.VolumeClassType;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.model.SharedVolumes;
import dev.sandbox.operator.runtime.VolumeRefusedException;
import dev.sandbox.operator.runtime.Volumes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes on this node the Docker volume of a NetworkVolume, as its class says and only as its class says: a volume
 * whose spec or class breaks {@link VolumeClassRules} is never made.
 */
public final class SharedVolumeStep {
    private final Volumes runtime;
    private final KubernetesClient client;
    private final String installation;
    private final String node;

    public SharedVolumeStep(Volumes runtime, KubernetesClient client, String installation, String node) {
        this.runtime = runtime;
        this.client = client;
        this.installation = installation;
        this.node = node;
    }

    /**
     * A NetworkVolume with its class, checked.
     *
     * @param problem what is wrong (fields named), or null when the volume may be made
     */
    public record Resolved(NetworkVolume volume, NetworkVolumeClass cls, String problem) {}

    /** Field names of NetworkVolume.spec; anything else in a stored spec is refused. */
    private static final java.util.Set<String> SPEC_FIELDS =
            java.util.Set.of("className", "size", "mountPath", "readOnly");

    /**
     * Looks up the volume's class and checks both, with the spec's fields as stored (see {@link #storedUnknownFields}):
     * for the copy of a volume that the operator framework hands its reconciler.
     */
    public Resolved resolve(NetworkVolume volume) {
        if (volume.getSpec() != null) {
            storedUnknownFields(volume).forEach(volume.getSpec()::setUnknownField);
        }
        return check(volume);
    }

    /**
     * As {@link #resolve}, for a volume from an informer's cache, which keeps the stored spec's unknown fields: no read
     * of the volume from the API. The cached object is not changed; the answer holds a copy.
     */
    public Resolved resolveCached(NetworkVolume cached) {
        NetworkVolume copy = client.getKubernetesSerialization().clone(cached);
        if (cached.getSpec() != null && copy.getSpec() != null) {
            cached.getSpec().getUnknownFields().forEach(copy.getSpec()::setUnknownField);
        }
        return check(copy);
    }

    private Resolved check(NetworkVolume volume) {
        NetworkVolumeClass cls = volume.getSpec() == null
                ? null
                : client.resources(NetworkVolumeClass.class)
                        .withName(VolumeClassRules.className(volume.getSpec()))
                        .get();
        List<FieldError> errors = VolumeClassRules.validateVolume(volume.getSpec(), cls);
        String problem = errors.isEmpty()
                ? null
                : errors.stream()
                        .map(e -> "spec." + e.field() + " " + e.message())
                        .collect(Collectors.joining("; "));
        return new Resolved(volume, cls, problem);
    }

    /**
     * Fields of the stored spec that the type does not know (such as {@code driverOptions} written with kubectl). Read
     * from the API as it stores the object: the copy the operator framework hands a reconciler is made by serializing
     * the typed object, which drops them.
     */
    private Map<String, Object> storedUnknownFields(NetworkVolume volume) {
        Map<String, Object> unknown = new LinkedHashMap<>(volume.getSpec().getUnknownFields());
        io.fabric8.kubernetes.api.model.GenericKubernetesResource raw = client.genericKubernetesResources(
                        dev.sandbox.crd.Sandbox.GROUP + "/" + dev.sandbox.crd.Sandbox.VERSION, "NetworkVolume")
                .inNamespace(volume.getMetadata().getNamespace())
                .withName(volume.getMetadata().getName())
                .get();
        if (raw != null && raw.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
            spec.forEach((k, v) -> {
                if (!SPEC_FIELDS.contains(String.valueOf(k))) {
                    unknown.put(String.valueOf(k), v);
                }
            });
        }
        return unknown;
    }

    /**
     * Creates the Docker volumes unless they exist (and mounts their file systems); {@link VolumeRefusedException}
     * when a volume is refused (its spec or class is invalid, or the engine refuses the class's driver or options).
     */
    public void ensure(Collection<Resolved> volumes) {
        for (Resolved r : volumes) {
            if (r.problem() != null) {
                throw new VolumeRefusedException(
                        "network volume " + r.volume().getMetadata().getName() + ": " + r.problem(), null);
            }
            NetworkVolume nv = r.volume();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(SandboxNames.MANAGED_BY, SandboxNames.MANAGER);
            labels.put(SandboxNames.INSTALLATION, installation);
            labels.put(SandboxNames.NODE, node);
            labels.put(SandboxNames.ROLE, "network-volume");
            labels.put(SandboxNames.NAMESPACE, nv.getMetadata().getNamespace());
            labels.put(
                    NetworkVolumeReconciler.VOLUME_NAME_LABEL, nv.getMetadata().getName());
            labels.put(NetworkVolumeReconciler.VOLUME_LABEL, nv.getMetadata().getUid());
            String name = SandboxNames.sharedVolume(nv.getMetadata().getUid());
            long size = VolumeClassRules.sizeBytes(nv.getSpec(), r.cls().getSpec());
            if (VolumeClassRules.type(r.cls().getSpec()) == VolumeClassType.Disk) {
                runtime.ensureSharedDisk(name, size, labels);
            } else {
                runtime.ensureSharedVolume(
                        name,
                        SharedVolumes.driver(r.cls().getSpec()),
                        SharedVolumes.driverOptions(r.cls().getSpec(), size),
                        labels);
            }
        }
    }
}
