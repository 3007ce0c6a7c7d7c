package dev.sandbox.operator.cleanup;

import com.github.dockerjava.api.exception.DockerException;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ImageInUseException;
import dev.sandbox.operator.runtime.LabelledObject;
import dev.sandbox.operator.snapshot.SnapshotNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes snapshot images and volumes of this node whose SandboxSnapshot no longer exists (deleted while no operator
 * ran, or a crash between taking and recording it), after the orphan grace period and a fresh look at the API server.
 * Only objects with the snapshot labels of this node are considered.
 */
final class SnapshotSweep {
    private static final Logger log = LoggerFactory.getLogger(SnapshotSweep.class);

    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final CleanupReporter reporter;
    private final OperatorConfig config;
    private final OrphanClock clock = new OrphanClock();

    SnapshotSweep(KubernetesClient client, ContainerRuntime runtime, CleanupReporter reporter, OperatorConfig config) {
        this.client = client;
        this.runtime = runtime;
        this.reporter = reporter;
        this.config = config;
    }

    void sweep(Instant now) {
        Map<String, String> selector = SnapshotNames.nodeSelector(config.installation(), config.nodeName());
        for (LabelledObject image : runtime.snapshots().listImages(selector)) {
            consider("image", image, now);
        }
        for (LabelledObject volume : runtime.listLabelledVolumes(selector)) {
            consider("volume", volume, now);
        }
        clock.endPass();
    }

    private void consider(String kind, LabelledObject object, Instant now) {
        String namespace = object.labels().get(SnapshotNames.SNAPSHOT_NAMESPACE);
        String name = object.labels().get(SnapshotNames.SNAPSHOT_NAME);
        String uid = object.labels().get(SnapshotNames.SNAPSHOT_UID);
        if (namespace == null
                || name == null
                || uid == null
                || (config.namespace() != null && !config.namespace().equals(namespace))) {
            return;
        }
        String key = kind + "/" + object.name();
        Duration grace = config.cleanup().orphanGrace();
        Optional<Instant> known = clock.since(key);
        // The API server is asked on first sight and once the grace period has passed, not on every pass between.
        if (known.isEmpty() || OrphanClock.due(known.get(), now, grace)) {
            SandboxSnapshot owner = client.resources(SandboxSnapshot.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (owner != null && uid.equals(owner.getMetadata().getUid())) {
                clock.forget(key);
                return;
            }
        }
        Instant since = clock.seen(key, now);
        if (known.isEmpty() || !OrphanClock.due(since, now, grace)) {
            return;
        }
        try {
            if ("image".equals(kind)) {
                runtime.snapshots().removeImage(object.name());
            } else {
                runtime.removeVolume(object.name());
            }
        } catch (ImageInUseException | DockerException e) {
            log.debug("cannot remove orphaned snapshot {} {} yet: {}", kind, object.name(), e.getMessage());
            return;
        }
        clock.forget(key);
        reporter.report(
                CleanupReporter.vanished(namespace, name, uid, config.nodeName()),
                "orphan_snapshot_" + kind,
                false,
                "OrphanRemoved",
                "Orphaned",
                "removed snapshot " + kind + " " + object.name() + ": its SandboxSnapshot " + namespace + "/" + name
                        + " no longer exists (seen orphaned since " + since + ")");
    }
}
