package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which class of storage a shared volume uses, its size, and where it is mounted by default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkVolumeSpec {

    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of the NetworkVolumeClass (cluster-scoped, defined by an administrator) that says how the volume is "
                    + "stored. Default `local`. Volume drivers and their options come only from the class.")
    private String className;

    @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
    @JsonPropertyDescription(
            "Size such as `1g`, within the bounds of the class; default the class's `defaultSize`. Enforced for classes of "
                    + "type `Disk` and `Tmpfs`; classes of type `Driver` take no size.")
    private String size;

    @JsonIgnore
    private final Map<String, Object> unknownFields = new LinkedHashMap<>();

    @Pattern("^/.*")
    @JsonPropertyDescription("Default absolute path at which sandboxes mount this volume.")
    private String mountPath;

    @JsonPropertyDescription("Mount read-only by default.")
    private Boolean readOnly = false;

    public String getClassName() {
        return className;
    }

    public void setClassName(String className) {
        this.className = className;
    }

    /**
     * Fields of the stored object that this version does not know, such as a {@code driverOptions} left from an older
     * version or written with kubectl: the operator refuses such a volume instead of silently ignoring them, so that no
     * one believes an option took effect (and none ever reaches the engine). A copy made by serializing (the operator
     * framework clones what it hands to a reconciler) loses them: the operator reads the stored spec's field names too.
     */
    @JsonIgnore
    public Map<String, Object> getUnknownFields() {
        return unknownFields;
    }

    @JsonAnySetter
    public void setUnknownField(String name, Object value) {
        unknownFields.put(name, value);
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getMountPath() {
        return mountPath;
    }

    public void setMountPath(String mountPath) {
        this.mountPath = mountPath;
    }

    public Boolean getReadOnly() {
        return readOnly;
    }

    public void setReadOnly(Boolean readOnly) {
        this.readOnly = readOnly;
    }
}
