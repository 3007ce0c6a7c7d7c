package dev.sandbox.operator.model;

/**
 * The one thing a reconcile of a sandbox does next, as {@link SandboxDecision} chooses it. A reconcile asks again after
 * each action that changes something, until the answer is one that ends it with a report (the last ones here).
 */
public enum SandboxAction {
    /** Read what the sandbox needs (snapshot, NetworkVolumes), plan its container and look at the one there is. */
    LOOK(false),
    /** Remove the container made for an older spec (or before a forced build), keeping the workspace. */
    RECREATE(false),
    /** Give the container its new CPU and memory limits in place (or remove it when the engine cannot). */
    UPDATE_LIMITS(false),
    /** The sandbox should not run: stop its live container gracefully. */
    STOP(false),
    /** Make the sandbox's network and firewall rules (again, when they were lost). */
    ENSURE_NETWORK(false),
    /** No container: ready the image, workspace and volumes, and create it. */
    CREATE(false),
    /** An existing container that is about to start again: mount its file systems (not mounted after a node restart). */
    MOUNT_VOLUMES(false),
    /** A restart was asked for: stop the container if live and start it again. */
    RESTART(false),
    /** The container was created and never started. */
    START(false),
    /** The container was stopped on request (or by an engine restart) and should run again: start it, no retry spent. */
    START_AGAIN(false),
    /** The container failed and its back-off has passed: start it again, spending a retry. */
    RETRY(false),
    /** Freeze every process of the running container, as the spec asks. */
    PAUSE(false),
    /** Let the paused container's processes go on, as the spec asks. */
    RESUME(false),
    /** The lifetime is over and the policy is to delete: delete the resource, then report Terminating. */
    DELETE_EXPIRED(true),
    /** Report only: the spec cannot be run as written (status says which fields). */
    FAIL_INVALID(true),
    /** Report only: a failure that retrying cannot fix stays until the spec changes or a restart is asked for. */
    KEEP_FAILED(true),
    /** Report only: the container recorded for this spec was removed behind the operator's back. */
    FAIL_REMOVED(true),
    /** Report only: the sandbox should not run and nothing of it is live. */
    REPORT_STOPPED(true),
    /** Report only: the container failed; wait for its back-off before the next retry. */
    BACK_OFF(true),
    /** Report only: the container failed and its retries are spent. */
    GIVE_UP(true),
    /** Report only: the container is as the spec wants it. */
    REPORT(true);

    private final boolean reports;

    SandboxAction(boolean reports) {
        this.reports = reports;
    }

    /**
     * Whether the action ends the reconcile with the status it reports (after a last write of its own, where it has
     * one) rather than changing something and asking again.
     */
    public boolean reports() {
        return reports;
    }
}
