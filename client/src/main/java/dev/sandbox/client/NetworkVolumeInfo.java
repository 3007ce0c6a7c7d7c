package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * A network volume as the gateway reports it.
 *
 * @param name the volume's name, unique in the tenant's namespace
 * @param driver the Docker volume driver, {@code local} by default
 * @param driverOptions options passed to the driver
 * @param size the requested size such as {@code 1g}, or {@code null}
 * @param mountPath the default mount path, or {@code null}
 * @param readOnly whether sandboxes mount it read-only by default
 * @param phase {@code Pending}, {@code Ready}, {@code Failed} or {@code Terminating}
 * @param nodes the nodes on which the volume exists
 * @param mountedBy ids of the sandboxes that mount it
 * @param usedBytes bytes stored, as last measured, or {@code null}
 * @param sizeEnforced whether the size is enforced by the driver, {@code null} without a size
 * @param createdAt when it was created (RFC 3339)
 * @param message a human-readable explanation of the phase
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkVolumeInfo(
    String name,
    String driver,
    Map<String, String> driverOptions,
    String size,
    String mountPath,
    boolean readOnly,
    String phase,
    List<String> nodes,
    List<String> mountedBy,
    Long usedBytes,
    Boolean sizeEnforced,
    String createdAt,
    String message) {}
