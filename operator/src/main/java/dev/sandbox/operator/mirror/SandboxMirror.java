package dev.sandbox.operator.mirror;

import dev.sandbox.crd.Sandbox;

/**
 * Keeps PostgreSQL's copy of sandboxes and their history. Calls never block reconciliation and never fail: writes that
 * cannot be made now are kept and made once the database is back.
 */
public interface SandboxMirror extends AutoCloseable {

    /** Records the sandbox's current spec and status. */
    void record(Sandbox sandbox);

    /** Appends a lifecycle transition (Created, Started, Exited, Stopped, Failed, Deleted, ...). */
    void transition(Sandbox sandbox, String type, String reason, String message);

    /** Marks the sandbox deleted; its row and history stay. */
    void deleted(Sandbox sandbox);

    /** Writes waiting to be made (for health reporting and tests). */
    int pendingWrites();

    @Override
    void close();
}
