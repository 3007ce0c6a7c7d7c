package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an administrator fixes for every volume of a class, and the bounds within which a tenant chooses a size. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkVolumeClassSpec {

    @JsonPropertyDescription(
            "How volumes are stored: `Disk` (a fixed-size ext4 file system per volume on the node; size and inodes enforced), "
                    + "`Tmpfs` (node memory; size enforced) or `Driver` (a Docker volume driver with the fixed `options` below). Default `Disk`.")
    private VolumeClassType type = VolumeClassType.Disk;

    @Pattern("^[A-Za-z0-9][A-Za-z0-9_./:-]{0,127}$")
    @JsonPropertyDescription("Docker volume driver, for type `Driver` only. Default `local`.")
    private String driver;

    @JsonPropertyDescription(
            "Driver options, for type `Driver` only, fixed by the administrator (e.g. `type: nfs`, `o: addr=10.0.0.1,rw`, "
                    + "`device: :/export`). Options that name a host path (`type: none`, `o: bind`, an absolute `device`) are refused unless "
                    + "`allowHostPaths` is true.")
    private Map<String, String> options = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "Trust this class with options that bind a host path into sandboxes. Every tenant that may use the class "
                    + "can then read (and unless mounted read-only, change) that host path: set it only for paths meant for all of them. Default false.")
    private Boolean allowHostPaths = false;

    @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
    @JsonPropertyDescription(
            "Size of a volume that asks for none, for types `Disk` and `Tmpfs`. Default `1g` (`Disk`) or `64m` (`Tmpfs`).")
    private String defaultSize;

    @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
    @JsonPropertyDescription("Smallest size a tenant may ask for. Default `16m`.")
    private String minSize;

    @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
    @JsonPropertyDescription(
            "Largest size a tenant may ask for. Default `10g` (`Disk`) or `1g` (`Tmpfs`). Volumes of type `Driver` take no size.")
    private String maxSize;

    @JsonPropertyDescription("What the class is for, shown to tenants that list classes.")
    private String description;

    public VolumeClassType getType() {
        return type;
    }

    public void setType(VolumeClassType type) {
        this.type = type;
    }

    public String getDriver() {
        return driver;
    }

    public void setDriver(String driver) {
        this.driver = driver;
    }

    public Map<String, String> getOptions() {
        return options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options == null ? new LinkedHashMap<>() : options;
    }

    public Boolean getAllowHostPaths() {
        return allowHostPaths;
    }

    public void setAllowHostPaths(Boolean allowHostPaths) {
        this.allowHostPaths = allowHostPaths;
    }

    public String getDefaultSize() {
        return defaultSize;
    }

    public void setDefaultSize(String defaultSize) {
        this.defaultSize = defaultSize;
    }

    public String getMinSize() {
        return minSize;
    }

    public void setMinSize(String minSize) {
        this.minSize = minSize;
    }

    public String getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(String maxSize) {
        this.maxSize = maxSize;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
