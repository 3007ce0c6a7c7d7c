package dev.sandbox.gateway;

import java.util.Map;

/**
 * Body of {@code POST /v1/network-volumes}. Only {@code name} is required; {@code driver} defaults to {@code local}.
 * {@code driverOptions} pass through to the driver (e.g. {@code type: nfs} with {@code o} and {@code device}, or
 * {@code type: tmpfs} for a memory-backed volume whose {@code size} is enforced).
 */
public record CreateNetworkVolumeRequest(String name, String driver, Map<String, String> driverOptions, String size, String mountPath, Boolean readOnly) {}
