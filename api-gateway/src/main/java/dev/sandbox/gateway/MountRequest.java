package dev.sandbox.gateway;

/** Body of {@code POST /v1/sandboxes/{id}/mounts}: which volume, where (default: the volume's mountPath), read-only or not. */
public record MountRequest(String volume, String mountPath, Boolean readOnly) {}
