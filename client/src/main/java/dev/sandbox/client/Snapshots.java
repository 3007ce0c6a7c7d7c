package dev.sandbox.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Snapshots of a sandbox's files and forks made from them. Memory is not captured. Start a sandbox from a snapshot
 * with {@link CreateSandboxRequest}. Get it with {@link SandboxClient#snapshots()}; {@link SandboxClient} offers the
 * same calls under the same names.
 */
public final class Snapshots extends GatewayCalls {
    Snapshots(Transport transport) {
        super(transport);
    }

    /**
     * Takes a snapshot of a sandbox's files (its container's file system and its workspace) and waits until it is
     * ready. The sandbox is frozen for the moment of the copy and runs on afterwards. Memory is not captured.
     *
     * @param sandboxId the sandbox id
     * @param name a name for the snapshot (lowercase letters, digits and '-'), or {@code null} for a generated one
     * @return the snapshot once taken (or failed: see {@link SnapshotInfo#phase()})
     */
    public CompletableFuture<SnapshotInfo> createSnapshot(String sandboxId, String name) {
        String path = Routes.sandbox(sandboxId) + "/snapshots?wait=true";
        return transport.sendJson("POST", path, new NameBody(name), transport.waiting(), SnapshotInfo.class);
    }

    /**
     * Lists the caller's snapshots, oldest first.
     *
     * @return the snapshots
     */
    public CompletableFuture<List<SnapshotInfo>> listSnapshots() {
        return transport.getItems(Routes.SNAPSHOTS, SnapshotInfo.class);
    }

    /**
     * Reads a snapshot.
     *
     * @param snapshotId the snapshot's id
     * @return the snapshot; fails with {@link SandboxNotFoundException} when it does not exist
     */
    public CompletableFuture<SnapshotInfo> getSnapshot(String snapshotId) {
        return transport.get(Routes.snapshot(snapshotId), SnapshotInfo.class);
    }

    /**
     * Deletes a snapshot with its image and workspace copy. Refused ({@link SandboxOperationException}) while sandboxes
     * started from it exist.
     *
     * @param snapshotId the snapshot's id
     * @return completes when deleted
     */
    public CompletableFuture<Void> deleteSnapshot(String snapshotId) {
        return transport.delete(Routes.snapshot(snapshotId));
    }

    /**
     * Forks a sandbox: a snapshot of its files and a new sandbox started from it with the same command, environment,
     * limits, ports and mounts, on the same node. The two diverge from that moment on. Waits until the fork runs.
     *
     * @param sandboxId the sandbox to fork
     * @return the new sandbox once Running (or Failed)
     */
    public CompletableFuture<SandboxInfo> forkSandbox(String sandboxId) {
        String path = Routes.sandbox(sandboxId) + "/fork?wait=true";
        return transport.sendJson("POST", path, new NameBody(null), transport.waiting(), SandboxInfo.class);
    }
}
