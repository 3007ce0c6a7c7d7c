package dev.sandbox.gateway;

import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeClassSpec;
import dev.sandbox.crd.VolumeClassRules;
import dev.sandbox.crd.VolumeClassType;

/**
 * A volume class as tenants see it in {@code GET /v1/network-volume-classes}: its name, kind and size bounds. The
 * administrator's driver options are not shown (they may name servers and credentials).
 *
 * @param name the value for {@code className}
 * @param type {@code Disk}, {@code Tmpfs} or {@code Driver}
 * @param sizeEnforced whether {@code size} is a hard limit (false for type {@code Driver}, which takes no size)
 * @param defaultSize size of a volume that asks for none (null for type {@code Driver})
 * @param minSize smallest size one may ask for
 * @param maxSize largest size one may ask for
 * @param isDefault whether volumes that name no class get this one
 * @param description what the administrator says the class is for
 */
public record NetworkVolumeClassView(
        String name,
        String type,
        boolean sizeEnforced,
        String defaultSize,
        String minSize,
        String maxSize,
        boolean isDefault,
        String description) {

    static NetworkVolumeClassView from(NetworkVolumeClass c) {
        NetworkVolumeClassSpec spec = c.getSpec();
        VolumeClassType type = VolumeClassRules.type(spec);
        boolean sized = type != VolumeClassType.Driver;
        return new NetworkVolumeClassView(
                c.getMetadata().getName(),
                type.name(),
                sized,
                sized
                        ? VolumeClassRules.human(
                                VolumeClassRules.sizeBytes(new dev.sandbox.crd.NetworkVolumeSpec(), spec))
                        : null,
                sized ? VolumeClassRules.human(VolumeClassRules.minBytes(spec)) : null,
                sized ? VolumeClassRules.human(VolumeClassRules.maxBytes(spec)) : null,
                NetworkVolumeClass.DEFAULT_CLASS.equals(c.getMetadata().getName()),
                spec.getDescription());
    }
}
