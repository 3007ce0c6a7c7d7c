package dev.sandbox.operator.runtime;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the engine gave a moment ago, kept for a short while so the next step of the same operation need not ask
 * again. Entries expire after a fixed time; the map is emptied when it grows large, so it never holds more than a
 * burst's worth.
 */
final class RecentFacts {
    private static final int MAX_ENTRIES = 4096;

    private final long ttlNanos;
    private final ConcurrentHashMap<String, Fact> facts = new ConcurrentHashMap<>();

    RecentFacts(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    void put(String key, String value) {
        if (facts.size() >= MAX_ENTRIES) {
            facts.clear();
        }
        facts.put(key, new Fact(value, System.nanoTime()));
    }

    /** The value put under {@code key} within the time to live, or null. */
    String get(String key) {
        Fact fact = facts.get(key);
        if (fact == null) {
            return null;
        }
        if (System.nanoTime() - fact.at() > ttlNanos) {
            facts.remove(key, fact);
            return null;
        }
        return fact.value();
    }

    private record Fact(String value, long at) {}
}
