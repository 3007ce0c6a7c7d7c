package dev.sandbox.operator.model;

import dev.sandbox.crd.NetworkVolumeSpec;
import dev.sandbox.crd.Quantities;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a NetworkVolume's spec becomes a Docker volume: driver options, and whether its size can be enforced. Pure. */
public final class SharedVolumes {
  private SharedVolumes() {}

  public static String driver(NetworkVolumeSpec spec) {
    return spec.getDriver() == null || spec.getDriver().isBlank() ? "local" : spec.getDriver();
  }

  /** A tmpfs-backed local volume takes a size limit; plain local volumes on this file system cannot. */
  public static boolean sizeEnforced(NetworkVolumeSpec spec) {
    return spec.getSize() != null && "local".equals(driver(spec)) && "tmpfs".equals(spec.getDriverOptions().get("type"));
  }

  /**
   * The driver options to create the volume with: the size added where the driver enforces it, and a tmpfs open to
   * every sandbox user (sticky, as /tmp).
   */
  public static Map<String, String> driverOptions(NetworkVolumeSpec spec) {
    Map<String, String> options = new LinkedHashMap<>(spec.getDriverOptions());
    if ("local".equals(driver(spec)) && "tmpfs".equals(options.get("type"))) {
      options.putIfAbsent("device", "tmpfs");
      String o = options.getOrDefault("o", "");
      if (!o.contains("mode=")) {
        o = o.isBlank() ? "mode=1777" : o + ",mode=1777";
      }
      if (sizeEnforced(spec) && !o.contains("size=")) {
        o = o + ",size=" + Quantities.parseBytes(spec.getSize());
      }
      options.put("o", o);
    }
    return options;
  }

  /** A local volume lives on one node; other drivers (NFS through the local driver's options too) are reachable anywhere. */
  public static boolean nodeLocal(NetworkVolumeSpec spec) {
    String type = spec.getDriverOptions().get("type");
    return "local".equals(driver(spec)) && (type == null || type.equals("tmpfs") || type.equals("none"));
  }
}
