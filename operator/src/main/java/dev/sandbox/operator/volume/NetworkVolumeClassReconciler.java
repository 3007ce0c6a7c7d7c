package dev.sandbox.operator.volume;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeClassStatus;
import dev.sandbox.crd.VolumeClassRules;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says whether a NetworkVolumeClass is usable and which volumes use it, and holds a deleted class while any volume
 * still uses it (as a StorageClass's volumes keep their class meaningful): without the class, nobody could tell how
 * the volume's data is stored.
 */
@ControllerConfiguration(name = NetworkVolumeClassReconciler.NAME)
public class NetworkVolumeClassReconciler implements Reconciler<NetworkVolumeClass>, Cleaner<NetworkVolumeClass> {
    public static final String NAME = "networkvolumeclass";
    private static final Logger log = LoggerFactory.getLogger(NetworkVolumeClassReconciler.class);
    private static final Duration RESYNC = Duration.ofSeconds(30);

    private final KubernetesClient client;
    /** The namespace the operator watches, or null for all: volumes elsewhere are not its to see. */
    private final String namespace;

    public NetworkVolumeClassReconciler(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public UpdateControl<NetworkVolumeClass> reconcile(NetworkVolumeClass cls, Context<NetworkVolumeClass> context) {
        NetworkVolumeClassStatus next = new NetworkVolumeClassStatus();
        next.setObservedGeneration(cls.getMetadata().getGeneration());
        next.setVolumes(users(cls));
        List<FieldError> errors = VolumeClassRules.validateClass(cls.getSpec());
        if (errors.isEmpty()) {
            next.setPhase("Ready");
            next.setMessage("usable; " + next.getVolumes().size() + " volume(s) of this class");
        } else {
            next.setPhase("Invalid");
            next.setMessage(
                    errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        if (Objects.equals(cls.getStatus(), next)) {
            return UpdateControl.<NetworkVolumeClass>noUpdate().rescheduleAfter(RESYNC);
        }
        if (!"Ready".equals(next.getPhase())
                && (cls.getStatus() == null
                        || !next.getMessage().equals(cls.getStatus().getMessage()))) {
            log.warn("network volume class {} is invalid: {}", cls.getMetadata().getName(), next.getMessage());
        }
        cls.setStatus(next);
        return UpdateControl.patchStatus(cls).rescheduleAfter(RESYNC);
    }

    @Override
    public DeleteControl cleanup(NetworkVolumeClass cls, Context<NetworkVolumeClass> context) {
        List<String> users = users(cls);
        if (users.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        String message = "deletion waits until no volume uses the class; used by " + String.join(", ", users);
        if (cls.getStatus() == null || !message.equals(cls.getStatus().getMessage())) {
            log.info("network volume class {}: {}", cls.getMetadata().getName(), message);
            client.resource(cls).editStatus(latest -> {
                NetworkVolumeClassStatus status =
                        latest.getStatus() == null ? new NetworkVolumeClassStatus() : latest.getStatus();
                status.setPhase("Terminating");
                status.setVolumes(users);
                status.setMessage(message);
                latest.setStatus(status);
                return latest;
            });
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
    }

    /** Volumes of every namespace that name this class (or default to it), as {@code namespace/name}. */
    private List<String> users(NetworkVolumeClass cls) {
        String name = cls.getMetadata().getName();
        var volumes = namespace == null
                ? client.resources(NetworkVolume.class).inAnyNamespace().list()
                : client.resources(NetworkVolume.class).inNamespace(namespace).list();
        return volumes.getItems().stream()
                .filter(v -> v.getSpec() != null && name.equals(VolumeClassRules.className(v.getSpec())))
                .map(v -> v.getMetadata().getNamespace() + "/" + v.getMetadata().getName())
                .sorted()
                .toList();
    }
}
