package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.Sandbox;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The NetworkVolumes that sandboxes mount, as a secondary resource of the sandbox controller: read from an informer's
 * cache (no API call per reconcile), and a volume that appears, changes or goes reconciles every sandbox of its
 * namespace that mounts it (so one waiting for its volume starts as soon as it exists, without polling).
 */
final class NetworkVolumeSource {
    private volatile InformerEventSource<NetworkVolume, Sandbox> informer;

    /** The event source to register with the controller; sandboxes are found through the controller's cache. */
    InformerEventSource<NetworkVolume, Sandbox> eventSource(EventSourceContext<Sandbox> context) {
        IndexerResourceCache<Sandbox> sandboxes = context.getPrimaryCache();
        InformerEventSource<NetworkVolume, Sandbox> source = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(NetworkVolume.class, Sandbox.class)
                        .withName("network-volumes")
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(volume -> mountedBy(sandboxes, volume))
                        .build(),
                context);
        this.informer = source;
        return source;
    }

    /** Sandboxes of the volume's namespace that mount it. */
    static Set<ResourceID> mountedBy(IndexerResourceCache<Sandbox> sandboxes, NetworkVolume volume) {
        String namespace = volume.getMetadata().getNamespace();
        String name = volume.getMetadata().getName();
        return sandboxes
                .list(namespace)
                .filter(s ->
                        s.getSpec() != null && s.getSpec().getMounts().stream().anyMatch(m -> name.equals(m.volume())))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    /** The volume as the informer last saw it; empty when it does not exist (or the source has not started). */
    Optional<NetworkVolume> find(String namespace, String name) {
        InformerEventSource<NetworkVolume, Sandbox> source = informer;
        return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
    }
}
