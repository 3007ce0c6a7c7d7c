package dev.sandbox.crd;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The phase a person is shown for a resource: {@code Terminating} from the moment it is marked for deletion (the
 * operator may not have written that to status yet), otherwise the recorded phase, and {@code Pending} until the
 * operator has recorded one. One rule for sandboxes, snapshots and network volumes, in the REST API and the metrics.
 */
public final class ShownPhase {
    /** The phase of a resource whose deletion has begun. */
    public static final String TERMINATING = "Terminating";
    /** The phase of a resource the operator has not reported on yet. */
    public static final String PENDING = "Pending";

    private ShownPhase() {}

    /** The phase to show for {@code resource}, whose status records {@code recorded} (null when none). */
    public static String of(HasMetadata resource, String recorded) {
        if (resource.getMetadata() != null && resource.getMetadata().getDeletionTimestamp() != null) {
            return TERMINATING;
        }
        return recorded == null ? PENDING : recorded;
    }

    /** The phase to show for a sandbox. */
    public static SandboxPhase of(Sandbox sandbox) {
        SandboxPhase recorded =
                sandbox.getStatus() == null ? null : sandbox.getStatus().getPhase();
        return SandboxPhase.valueOf(of(sandbox, recorded == null ? null : recorded.name()));
    }
}
