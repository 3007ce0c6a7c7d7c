package dev.sandbox.gateway;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeStatus;
import dev.sandbox.crd.ShownPhase;
import java.util.List;

/** The network volume JSON of the REST API. */
public record NetworkVolumeView(
        String name,
        String className,
        String size,
        String mountPath,
        boolean readOnly,
        String phase,
        List<String> nodes,
        List<String> mountedBy,
        Long usedBytes,
        Boolean sizeEnforced,
        Long limitBytes,
        String createdAt,
        String message) {

    public static NetworkVolumeView from(NetworkVolume v) {
        NetworkVolumeStatus status = v.getStatus() == null ? new NetworkVolumeStatus() : v.getStatus();
        return new NetworkVolumeView(
                TenantVolumes.nameOf(v),
                dev.sandbox.crd.VolumeClassRules.className(v.getSpec()),
                v.getSpec().getSize(),
                v.getSpec().getMountPath(),
                Boolean.TRUE.equals(v.getSpec().getReadOnly()),
                ShownPhase.of(v, status.getPhase()),
                status.getNodes(),
                status.getMountedBy(),
                status.getUsedBytes(),
                status.getSizeEnforced(),
                status.getLimitBytes(),
                v.getMetadata().getCreationTimestamp(),
                status.getMessage() == null ? "waiting for the operator" : status.getMessage());
    }
}
