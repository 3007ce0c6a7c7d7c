package dev.sandbox.operator.snapshot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sandboxes of this node whose snapshot is being taken right now. The snapshot freezes the container for one consistent
 * moment; meanwhile the Sandbox reconciler leaves the container alone (it would otherwise see a paused container that
 * should run and resume it half-way through the copy). Held in memory only: after a crash the reconciler finds the
 * container paused against its spec and resumes it, and the snapshot is taken again from the start.
 */
public final class SnapshotGuard {
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Marks the sandbox busy; false when another snapshot of it is being taken. */
    public boolean enter(String sandboxUid) {
        return busy.add(sandboxUid);
    }

    public void leave(String sandboxUid) {
        busy.remove(sandboxUid);
    }

    public boolean busy(String sandboxUid) {
        return busy.contains(sandboxUid);
    }
}
