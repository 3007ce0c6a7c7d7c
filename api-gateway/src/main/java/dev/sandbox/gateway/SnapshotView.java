package dev.sandbox.gateway;

import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSnapshotStatus;
import dev.sandbox.crd.ShownPhase;
import java.util.List;

/**
 * The snapshot JSON of the REST API.
 *
 * @param id the snapshot's name, used in every call on it and in {@code "snapshot"} of a create
 * @param sandbox the sandbox it was taken of
 * @param phase Pending, Ready, Failed or Terminating
 * @param reason machine-readable reason of the phase
 * @param message human-readable explanation
 * @param memory whether process memory was asked for (always false where CRIU is unavailable)
 * @param node the node holding it; sandboxes started from it run there
 * @param image the image committed from the sandbox's container
 * @param sizeBytes workspace copy plus the committed image's own layer
 * @param workspaceBytes bytes of the workspace copy
 * @param durationMs how long taking it took
 * @param createdAt when it was asked for
 * @param readyAt when it was taken
 * @param usedBy sandboxes started from it that still exist
 */
public record SnapshotView(
        String id,
        String sandbox,
        String phase,
        String reason,
        String message,
        boolean memory,
        String node,
        String image,
        Long sizeBytes,
        Long workspaceBytes,
        Long durationMs,
        String createdAt,
        String readyAt,
        List<String> usedBy) {

    static SnapshotView from(SandboxSnapshot s) {
        SandboxSnapshotStatus status = s.getStatus() == null ? new SandboxSnapshotStatus() : s.getStatus();
        String phase = ShownPhase.of(s, status.getPhase());
        return new SnapshotView(
                s.getMetadata().getName(),
                s.getSpec().getSandbox(),
                phase,
                status.getReason(),
                status.getMessage() != null ? status.getMessage() : "waiting for the operator",
                Boolean.TRUE.equals(s.getSpec().getMemory()),
                status.getNodeName(),
                status.getImage(),
                status.getSizeBytes(),
                status.getWorkspaceBytes(),
                status.getDurationMs(),
                s.getMetadata().getCreationTimestamp(),
                status.getReadyAt(),
                status.getUsedBy());
    }
}
