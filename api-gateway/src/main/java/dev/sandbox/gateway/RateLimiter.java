package dev.sandbox.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per second of each tenant, as a token bucket per tenant that holds one second's worth of requests. Counted
 * in this gateway replica only: with N replicas behind a load balancer a tenant gets up to N times its rate in total
 * (the documented behaviour; quotas, unlike rates, are counted from shared state).
 */
final class RateLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the tenant's bucket; 429 {@code rate_limited} with the seconds to wait when it is empty. */
    void acquire(String tenant, Integer requestsPerSecond) {
        if (requestsPerSecond == null) {
            return;
        }
        long waitNanos =
                buckets.computeIfAbsent(tenant, t -> new Bucket()).take(requestsPerSecond, nanoTime.getAsLong());
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + SECOND - 1) / SECOND);
            throw ApiException.rateLimited(
                    "tenant '" + tenant + "' is limited to " + requestsPerSecond + " requests per second; retry after "
                            + seconds + " s",
                    seconds);
        }
    }

    /** Tokens in thousandths, so that rates below one request per second still refill smoothly. */
    private static final class Bucket {
        private long milliTokens = -1;
        private long lastRefill;

        synchronized long take(int rate, long now) {
            long capacity = rate * 1000L;
            if (milliTokens < 0) {
                milliTokens = capacity;
                lastRefill = now;
            }
            long elapsed = Math.max(0, now - lastRefill);
            // elapsed is capped at a second before multiplying: no overflow however long the bucket was idle.
            long refill = Math.min(elapsed, SECOND) * rate / 1_000_000L;
            if (refill > 0) {
                milliTokens = Math.min(capacity, milliTokens + refill);
                lastRefill = now;
            }
            if (milliTokens >= 1000) {
                milliTokens -= 1000;
                return 0;
            }
            return (1000 - milliTokens) * 1_000_000L / rate;
        }
    }
}
