package dev.sandbox.gateway;

import dev.sandbox.client.SnapshotInfo;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSnapshotStatus;
import dev.sandbox.crd.ShownPhase;

/**
 * The snapshot JSON of the REST API, made from the custom resource: the SDK's {@link SnapshotInfo}, so the gateway and
 * the SDK share one description of the wire.
 */
final class SnapshotView {
    private SnapshotView() {}

    static SnapshotInfo from(SandboxSnapshot s) {
        SandboxSnapshotStatus status = s.getStatus() == null ? new SandboxSnapshotStatus() : s.getStatus();
        return new SnapshotInfo(
                s.getMetadata().getName(),
                s.getSpec().getSandbox(),
                ShownPhase.of(s, status.getPhase()),
                status.getReason(),
                status.getMessage() != null ? status.getMessage() : "waiting for the operator",
                Boolean.TRUE.equals(s.getSpec().getMemory()),
                status.getNodeName(),
                status.getImage(),
                status.getSizeBytes(),
                status.getWorkspaceBytes(),
                status.getDurationMs(),
                WireTime.of(s.getMetadata().getCreationTimestamp()),
                WireTime.of(status.getReadyAt()),
                status.getUsedBy());
    }
}
