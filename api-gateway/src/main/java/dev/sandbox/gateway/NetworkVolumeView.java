package dev.sandbox.gateway;

import dev.sandbox.client.NetworkVolumeInfo;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeStatus;
import dev.sandbox.crd.ShownPhase;
import dev.sandbox.crd.VolumeClassRules;

/**
 * The network volume JSON of the REST API, made from the custom resource. It is the SDK's {@link NetworkVolumeInfo},
 * so the gateway and the SDK share one description of the wire.
 */
final class NetworkVolumeView {
    private NetworkVolumeView() {}

    static NetworkVolumeInfo from(NetworkVolume v) {
        NetworkVolumeStatus status = v.getStatus() == null ? new NetworkVolumeStatus() : v.getStatus();
        return new NetworkVolumeInfo(
                TenantVolumes.nameOf(v),
                VolumeClassRules.className(v.getSpec()),
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
