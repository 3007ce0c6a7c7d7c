package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a tenant may hold at once and how fast it may call. A {@code null} field means no limit of that kind.
 *
 * @param sandboxes sandboxes that exist at once (stopped ones included)
 * @param cpu CPU cores of all its sandboxes together, such as {@code 16} or {@code 2.5}
 * @param memory memory of all its sandboxes together, a size such as {@code 32g}
 * @param disk disk of all its sandboxes together, a size such as {@code 200g}
 * @param requestsPerSecond API calls per second (counted by each gateway replica)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantLimits(Integer sandboxes, Double cpu, String memory, String disk, Integer requestsPerSecond) {

    /** No limits at all. */
    public static TenantLimits none() {
        return new TenantLimits(null, null, null, null, null);
    }
}
