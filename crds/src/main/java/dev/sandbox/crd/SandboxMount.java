package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A NetworkVolume mounted into a sandbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxMount {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription("Name of a NetworkVolume in the sandbox's namespace.")
    private String volume;

    @Required
    @Pattern("^/.+")
    @JsonPropertyDescription(
            "Absolute path inside the sandbox, e.g. `/data`. System directories (`/`, `/proc`, `/etc`, ...) and `/workspace` itself are not allowed.")
    private String mountPath;

    @JsonPropertyDescription("Mount read-only. Default: the volume's own `readOnly` setting.")
    private Boolean readOnly;

    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "The volume's name as its tenant knows it in the REST API, where `volume` is the NetworkVolume's resource "
                    + "name (tenants' names are their own, so the resource name differs). Set by the gateway, shown in the sandbox's REST JSON; "
                    + "not used to find the volume. Leave it out when writing the resource yourself.")
    private String displayName;

    public SandboxMount() {}

    public SandboxMount(String volume, String mountPath, Boolean readOnly) {
        this.volume = volume;
        this.mountPath = mountPath;
        this.readOnly = readOnly;
    }

    /** As the three-argument form, with the name the tenant gave the volume in the REST API. */
    public SandboxMount(String volume, String mountPath, Boolean readOnly, String displayName) {
        this(volume, mountPath, readOnly);
        this.displayName = displayName;
    }

    public String getVolume() {
        return volume;
    }

    public void setVolume(String volume) {
        this.volume = volume;
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

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxMount m
                && Objects.equals(volume, m.volume)
                && Objects.equals(mountPath, m.mountPath)
                && Objects.equals(readOnly, m.readOnly)
                && Objects.equals(displayName, m.displayName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(volume, mountPath, readOnly, displayName);
    }
}
