package dev.sandbox.gateway;

/**
 * Body of {@code POST /v1/network-volumes}. Only {@code name} is required. {@code className} names a volume class that
 * an administrator defined (default {@code local}); how the volume is stored comes from the class alone, so there is
 * no driver or driver option to pass. {@code size} must lie within the class's bounds (default: the class's).
 */
public record CreateNetworkVolumeRequest(
        String name, String className, String size, String mountPath, Boolean readOnly) {}
