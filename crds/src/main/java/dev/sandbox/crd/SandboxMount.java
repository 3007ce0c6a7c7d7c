package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A NetworkVolume mounted into a sandbox. A value: a changed mount is a new one in a new list (the gateway's mount
 * and unmount calls, a template's mounts copied into a sandbox), so nothing changes one in place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxMount(
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
        @JsonPropertyDescription("Name of a NetworkVolume in the sandbox's namespace.")
        String volume,

        @Required
        @Pattern("^/.+")
        @JsonPropertyDescription(
                "Absolute path inside the sandbox, e.g. `/data`. System directories (`/`, `/proc`, `/etc`, ...) and `/workspace` itself are not allowed.")
        String mountPath,

        @JsonPropertyDescription("Mount read-only. Default: the volume's own `readOnly` setting.")
        Boolean readOnly,

        @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
        @JsonPropertyDescription(
                "The volume's name as its tenant knows it in the REST API, where `volume` is the NetworkVolume's resource "
                        + "name (tenants' names are their own, so the resource name differs). Set by the gateway, shown in the sandbox's REST JSON; "
                        + "not used to find the volume. Leave it out when writing the resource yourself.")
        String displayName) {

    /** A mount written without the tenant's name for the volume (by kubectl users and tests). */
    public SandboxMount(String volume, String mountPath, Boolean readOnly) {
        this(volume, mountPath, readOnly, null);
    }
}
