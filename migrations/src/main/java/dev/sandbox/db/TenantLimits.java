package dev.sandbox.db;

/**
 * What one tenant may hold at once and how fast it may call. A null field means no limit of that kind.
 *
 * @param sandboxes sandboxes that exist (stopped ones included)
 * @param cpuMillis CPU of those sandboxes together, in thousandths of a core
 * @param memoryBytes memory of those sandboxes together
 * @param diskBytes disk of those sandboxes together
 * @param requestsPerSecond API calls per second, per gateway replica
 */
public record TenantLimits(
        Integer sandboxes, Long cpuMillis, Long memoryBytes, Long diskBytes, Integer requestsPerSecond) {
    /** No limits at all. */
    public static final TenantLimits NONE = new TenantLimits(null, null, null, null, null);
}
