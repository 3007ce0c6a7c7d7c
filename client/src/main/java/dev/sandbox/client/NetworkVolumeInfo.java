package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A network volume as the gateway reports it.
 *
 * @param name the volume's name, unique in the tenant's namespace
 * @param className the volume class that says how it is stored ({@code local} by default)
 * @param size the requested size such as {@code 1g}, or {@code null} for the class's default
 * @param mountPath the default mount path, or {@code null}
 * @param readOnly whether sandboxes mount it read-only by default
 * @param phase {@code Pending}, {@code Ready}, {@code Failed} or {@code Terminating}
 * @param nodes the nodes on which the volume exists
 * @param mountedBy ids of the sandboxes that mount it
 * @param usedBytes bytes stored, as last measured, or {@code null}
 * @param sizeEnforced whether the size is a hard limit (classes of type Disk and Tmpfs), {@code null} for a class of
 *     type Driver
 * @param limitBytes the enforced size in bytes, or {@code null}
 * @param createdAt when it was created (RFC 3339)
 * @param message a human-readable explanation of the phase
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkVolumeInfo(
        String name,
        String className,
        String size,
        String mountPath,
        boolean readOnly,
        String phase,
        List<String> nodes,
        List<String> mountedBy,
        Long usedBytes,
        Boolean sizeEnforced,
        Long limitBytes,
        String createdAt,
        String message) {}
