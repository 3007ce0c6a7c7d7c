package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A tenant as the administration API reports it.
 *
 * @param name the tenant's name (lowercase letters, digits and '-')
 * @param limits its limits
 * @param usage what its sandboxes hold now; only filled in by {@link SandboxClient#getTenant(String)}
 * @param createdAt when it was created (RFC 3339)
 * @param updatedAt when its limits last changed (RFC 3339)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantInfo(String name, TenantLimits limits, TenantUsage usage, String createdAt, String updatedAt) {}
