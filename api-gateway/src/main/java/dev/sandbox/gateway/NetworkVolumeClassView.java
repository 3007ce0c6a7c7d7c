package dev.sandbox.gateway;

import dev.sandbox.client.NetworkVolumeClassInfo;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeClassSpec;
import dev.sandbox.crd.NetworkVolumeSpec;
import dev.sandbox.crd.VolumeClassRules;
import dev.sandbox.crd.VolumeClassType;

/**
 * A volume class as tenants see it in {@code GET /v1/network-volume-classes}: its name, kind and size bounds, as the
 * SDK's {@link NetworkVolumeClassInfo}. The administrator's driver options are not shown (they may name servers and
 * credentials).
 */
final class NetworkVolumeClassView {
    private NetworkVolumeClassView() {}

    static NetworkVolumeClassInfo from(NetworkVolumeClass c) {
        NetworkVolumeClassSpec spec = c.getSpec();
        VolumeClassType type = VolumeClassRules.type(spec);
        boolean sized = type != VolumeClassType.Driver;
        return new NetworkVolumeClassInfo(
                c.getMetadata().getName(),
                type.name(),
                sized,
                sized ? VolumeClassRules.human(VolumeClassRules.sizeBytes(new NetworkVolumeSpec(), spec)) : null,
                sized ? VolumeClassRules.human(VolumeClassRules.minBytes(spec)) : null,
                sized ? VolumeClassRules.human(VolumeClassRules.maxBytes(spec)) : null,
                NetworkVolumeClass.DEFAULT_CLASS.equals(c.getMetadata().getName()),
                spec.getDescription());
    }
}
