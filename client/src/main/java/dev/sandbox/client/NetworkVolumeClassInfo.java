package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A volume class that a network volume may name, as {@link SandboxClient#listNetworkVolumeClasses()} reports it.
 *
 * @param name the value for {@code className}
 * @param type {@code Disk} (a file system of its own on a node), {@code Tmpfs} (node memory) or {@code Driver} (a
 *     storage driver the administrator configured)
 * @param sizeEnforced whether a volume's size is a hard limit
 * @param defaultSize the size of a volume that asks for none, or {@code null} when the class takes no size
 * @param minSize the smallest size one may ask for, or {@code null}
 * @param maxSize the largest size one may ask for, or {@code null}
 * @param isDefault whether volumes that name no class get this one
 * @param description what the class is for, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkVolumeClassInfo(
        String name,
        String type,
        boolean sizeEnforced,
        String defaultSize,
        String minSize,
        String maxSize,
        boolean isDefault,
        String description) {}
