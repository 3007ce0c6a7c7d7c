package dev.sandbox.gateway;

/**
 * Body of {@code POST /v1/sandboxes/{id}/preview-token} (optional).
 *
 * @param expiresInSeconds how long the token is valid: 60 seconds to 7 days, default one hour
 */
public record PreviewTokenRequest(Integer expiresInSeconds) {}
