package dev.sandbox.operator.model;

import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeClassSpec;
import dev.sandbox.crd.VolumeClassRules;
import dev.sandbox.crd.VolumeClassType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a NetworkVolume becomes a Docker volume: everything comes from its class (checked by {@link VolumeClassRules}),
 * nothing from the volume but a size within the class's bounds. Pure.
 */
public final class SharedVolumes {
    private SharedVolumes() {}

    /** The Docker volume driver of a class of type Driver ({@code local} when it names none). */
    public static String driver(NetworkVolumeClassSpec cls) {
        return cls.getDriver() == null || cls.getDriver().isBlank() ? "local" : cls.getDriver();
    }

    /** Disk and Tmpfs classes enforce the size; a driver's volumes have none. */
    public static boolean sizeEnforced(NetworkVolumeClassSpec cls) {
        return VolumeClassRules.type(cls) != VolumeClassType.Driver;
    }

    /**
     * The driver options of a Tmpfs or Driver class's volume: a tmpfs of the volume's size open to every sandbox user
     * (sticky, as /tmp), or the administrator's options unchanged.
     */
    public static Map<String, String> driverOptions(NetworkVolumeClassSpec cls, long sizeBytes) {
        if (VolumeClassRules.type(cls) == VolumeClassType.Tmpfs) {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("type", "tmpfs");
            options.put("device", "tmpfs");
            options.put("o", "mode=1777,nosuid,nodev,size=" + sizeBytes);
            return options;
        }
        return new LinkedHashMap<>(cls.getOptions());
    }

    /**
     * Whether the class's volumes live on one node (so sandboxes sharing one must share that node): Disk and Tmpfs, and
     * the local driver unless its options name a remote file system (NFS, CIFS, ...). Unknown class: assume so.
     */
    public static boolean nodeLocal(NetworkVolumeClass cls) {
        if (cls == null || cls.getSpec() == null) {
            return true;
        }
        NetworkVolumeClassSpec spec = cls.getSpec();
        if (VolumeClassRules.type(spec) != VolumeClassType.Driver) {
            return true;
        }
        String type = spec.getOptions().get("type");
        return "local".equals(driver(spec)) && (type == null || type.equals("tmpfs") || type.equals("none"));
    }
}
