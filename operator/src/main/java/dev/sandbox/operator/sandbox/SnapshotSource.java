package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSnapshotStatus;
import dev.sandbox.operator.model.Observation;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The SandboxSnapshot a sandbox starts from ({@code spec.snapshot}): ready, on this node, with the image the sandbox
 * runs when it names none itself. Looked up only while it matters: before the workspace has been restored, or when the
 * image is not known otherwise.
 */
final class SnapshotSource {
    private SnapshotSource() {}

    /**
     * A ready snapshot, or what keeps the sandbox from starting.
     *
     * @param snapshot the snapshot, when it is ready
     * @param problem why the sandbox cannot start from it (yet), or null
     */
    record Resolution(SandboxSnapshot snapshot, Observation problem) {}

    static Resolution resolve(KubernetesClient client, Sandbox sandbox, String node) {
        String name = sandbox.getSpec().getSnapshot();
        SandboxSnapshot snapshot = client.resources(SandboxSnapshot.class)
                .inNamespace(sandbox.getMetadata().getNamespace())
                .withName(name)
                .get();
        if (snapshot == null || snapshot.getMetadata().getDeletionTimestamp() != null) {
            return new Resolution(
                    null,
                    new Observation(
                            SandboxPhase.Pending,
                            Observation.REASON_SNAPSHOT_NOT_FOUND,
                            "snapshot " + name + " does not exist in namespace "
                                    + sandbox.getMetadata().getNamespace(),
                            null));
        }
        SandboxSnapshotStatus status = snapshot.getStatus();
        if (status == null || SandboxSnapshotStatus.PENDING.equals(status.getPhase()) || status.getPhase() == null) {
            return new Resolution(
                    null,
                    new Observation(
                            SandboxPhase.Pending,
                            Observation.REASON_SNAPSHOT_PENDING,
                            "waiting for snapshot " + name + " to be taken",
                            null));
        }
        if (SandboxSnapshotStatus.FAILED.equals(status.getPhase())) {
            return new Resolution(
                    null,
                    new Observation(
                            SandboxPhase.Failed,
                            Observation.REASON_SNAPSHOT_FAILED,
                            "snapshot " + name + " failed: " + status.getMessage(),
                            null));
        }
        if (!node.equals(status.getNodeName())) {
            return new Resolution(
                    null,
                    new Observation(
                            SandboxPhase.Failed,
                            Observation.REASON_SNAPSHOT_FAILED,
                            "snapshot " + name + " is kept on node " + status.getNodeName()
                                    + ", but the sandbox is bound to node " + node
                                    + "; sandboxes from a snapshot must run on its node",
                            null));
        }
        return new Resolution(snapshot, null);
    }
}
