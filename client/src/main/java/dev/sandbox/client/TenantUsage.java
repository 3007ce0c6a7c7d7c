package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a tenant's sandboxes hold now, in the units of {@link TenantLimits}.
 *
 * @param sandboxes sandboxes that exist (stopped ones included)
 * @param cpu CPU cores together
 * @param memory memory together, such as {@code 1536m}
 * @param disk disk together, such as {@code 20g}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantUsage(int sandboxes, double cpu, String memory, String disk) {}
