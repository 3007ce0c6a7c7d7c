package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What to create with {@link SandboxClient#createNetworkVolume(CreateNetworkVolumeRequest)}. How the volume is stored
 * comes from its class alone: there are no driver options to pass.
 *
 * @param name the volume's name (lowercase letters, digits and '-', at most 63)
 * @param className the volume class an administrator defined ({@link SandboxClient#listNetworkVolumeClasses()}), or
 *     {@code null} for {@code local}
 * @param size a size such as {@code 2g} within the class's bounds, or {@code null} for the class's default
 * @param mountPath the default mount path in sandboxes, or {@code null}
 * @param readOnly whether sandboxes mount it read-only unless they say otherwise, or {@code null} for false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateNetworkVolumeRequest(
        String name, String className, String size, String mountPath, Boolean readOnly) {

    /**
     * A volume of the default class and size.
     *
     * @param name the volume's name
     * @return the request
     */
    public static CreateNetworkVolumeRequest named(String name) {
        return new CreateNetworkVolumeRequest(name, null, null, null, null);
    }
}
