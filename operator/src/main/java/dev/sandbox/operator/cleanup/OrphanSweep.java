package dev.sandbox.operator.cleanup;

import com.github.dockerjava.api.exception.DockerException;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.LabelledObject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes this node's Docker containers, networks and volumes whose Sandbox no longer exists (see {@link OrphanPolicy}),
 * once they have been seen orphaned for the grace period ({@link OrphanClock}) and the Kubernetes API confirms the owner
 * is gone.
 */
final class OrphanSweep {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final CleanupReporter reporter;
    private final OperatorConfig config;
    private final OrphanClock clock = new OrphanClock();

    OrphanSweep(KubernetesClient client, ContainerRuntime runtime, CleanupReporter reporter, OperatorConfig config) {
        this.client = client;
        this.runtime = runtime;
        this.reporter = reporter;
        this.config = config;
    }

    /**
     * @param existing UIDs of the Sandboxes that exist, by {@code namespace/name}, as listed at the start of the pass
     */
    void sweep(Map<String, String> existing, Instant now) {
        Map<String, String> mine = SandboxNames.nodeSelector(config.installation(), config.nodeName());
        // Containers first: a volume or network is removable only once no container uses it.
        for (ContainerState c : runtime.list(mine)) {
            consider("container", c.name(), c.labels(), existing, now);
        }
        for (LabelledObject n : runtime.listNetworks(mine)) {
            consider("network", n.name(), n.labels(), existing, now);
        }
        for (LabelledObject v : runtime.listLabelledVolumes(mine)) {
            consider("volume", v.name(), v.labels(), existing, now);
        }
        leftoverDisks(now);
        clock.endPass();
    }

    /**
     * File systems whose Docker volume is gone (an operator that died between removing the volume and its file system,
     * or between making the file system and the volume): unmounted and deleted after the same grace period.
     */
    private void leftoverDisks(Instant now) {
        List<String> disks = runtime.diskVolumes();
        if (disks.isEmpty()) {
            return;
        }
        Set<String> volumes = new HashSet<>(runtime.listVolumes(Map.of(SandboxNames.MANAGED_BY, SandboxNames.MANAGER)));
        for (String name : disks) {
            if (volumes.contains(name)) {
                continue;
            }
            String key = "disk/" + name;
            Instant since = clock.seen(key, now);
            if (!OrphanClock.due(since, now, config.cleanup().orphanGrace())) {
                continue;
            }
            // Asked again right before: the volume may have been made since the listing.
            if (!runtime.listVolumes(Map.of(SandboxNames.MANAGED_BY, SandboxNames.MANAGER))
                    .contains(name)) {
                log.info(
                        "removing the file system of volume {}: its Docker volume no longer exists (since {})",
                        name,
                        since);
                try {
                    runtime.releaseDisk(name);
                } catch (RuntimeException e) {
                    log.warn("cannot remove the file system of volume {} yet: {}", name, e.getMessage());
                    continue;
                }
            }
            clock.forget(key);
        }
    }

    private void consider(
            String kind, String name, Map<String, String> labels, Map<String, String> existing, Instant now) {
        Optional<OrphanPolicy.Owner> found = OrphanPolicy.owner(labels, config.installation(), config.nodeName());
        if (found.isEmpty()) {
            return;
        }
        OrphanPolicy.Owner owner = found.get();
        if ((config.namespace() != null && !config.namespace().equals(owner.namespace()))
                || !OrphanPolicy.orphaned(owner, existing)) {
            return;
        }
        String key = kind + "/" + name;
        Instant since = clock.seen(key, now);
        if (!OrphanClock.due(since, now, config.cleanup().orphanGrace())) {
            return;
        }
        // The listing may be a moment old: ask the API server itself before removing anything.
        Sandbox current = client.resources(Sandbox.class)
                .inNamespace(owner.namespace())
                .withName(owner.name())
                .get();
        if (current != null && owner.uid().equals(current.getMetadata().getUid())) {
            clock.forget(key);
            return;
        }
        try {
            switch (kind) {
                case "container" -> runtime.remove(name);
                case "network" -> runtime.removeNetwork(name);
                default -> runtime.removeVolume(name);
            }
        } catch (DockerException e) {
            // Typically still in use by a container that is being removed; the next pass tries again.
            log.debug("cannot remove orphaned {} {} yet: {}", kind, name, e.getMessage());
            return;
        }
        clock.forget(key);
        reporter.report(
                CleanupReporter.vanished(owner.namespace(), owner.name(), owner.uid(), config.nodeName()),
                "orphan_" + kind,
                true,
                "OrphanRemoved",
                "Orphaned",
                "removed orphaned " + kind + " " + name + ": its Sandbox no longer exists (seen orphaned since " + since
                        + ")");
    }
}
