package dev.sandbox.operator.snapshot;

import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.operator.model.SandboxNames;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deterministic Docker identities of a snapshot, from its UID, and the labels that let sweeps find them. */
public final class SnapshotNames {
    /** Label naming the UID of the SandboxSnapshot that owns an image or volume. */
    public static final String SNAPSHOT_UID = "sandbox.dev/snapshot-uid";

    public static final String SNAPSHOT_NAME = "sandbox.dev/snapshot-name";
    public static final String SNAPSHOT_NAMESPACE = "sandbox.dev/snapshot-namespace";
    public static final String ROLE = "snapshot";
    public static final String IMAGE_REPOSITORY = "sandbox-snapshot";

    private SnapshotNames() {}

    public static String image(String snapshotUid) {
        return IMAGE_REPOSITORY + ":" + snapshotUid;
    }

    public static String volume(String snapshotUid) {
        return "snapshot-" + snapshotUid + "-workspace";
    }

    /**
     * Labels of the snapshot's image and volume. They carry no Sandbox owner labels, so the Sandbox orphan sweep never
     * takes them for a deleted sandbox's leftovers.
     */
    public static Map<String, String> labels(SandboxSnapshot snapshot, String installation, String node) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SandboxNames.MANAGED_BY, SandboxNames.MANAGER);
        labels.put(SandboxNames.INSTALLATION, installation);
        labels.put(SandboxNames.NODE, node);
        labels.put(SandboxNames.ROLE, ROLE);
        labels.put(SNAPSHOT_NAMESPACE, snapshot.getMetadata().getNamespace());
        labels.put(SNAPSHOT_NAME, snapshot.getMetadata().getName());
        labels.put(SNAPSHOT_UID, snapshot.getMetadata().getUid());
        return labels;
    }

    /** Labels that select every snapshot image and volume of this installation on a node (never another installation's). */
    public static Map<String, String> nodeSelector(String installation, String node) {
        return Map.of(
                SandboxNames.MANAGED_BY,
                SandboxNames.MANAGER,
                SandboxNames.INSTALLATION,
                installation,
                SandboxNames.NODE,
                node,
                SandboxNames.ROLE,
                ROLE);
    }
}
