package dev.sandbox.operator.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When each leftover object (by kind and name) was first seen orphaned, so that a sweep removes it only once it has
 * stayed orphaned for the grace period. A pass calls {@link #seen} for every object still orphaned and
 * {@link #endPass} at its end, which forgets the objects that were not (gone, or owned again). Kept in memory: a
 * restart starts every clock again, which only delays a removal.
 */
final class OrphanClock {
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Set<String> seenThisPass = new HashSet<>();

    /** Notes {@code key} as orphaned in this pass and returns since when it has been (now, the first time). */
    Instant seen(String key, Instant now) {
        seenThisPass.add(key);
        return firstSeen.computeIfAbsent(key, k -> now);
    }

    /** Since when {@code key} has been seen orphaned, if it has been. */
    Optional<Instant> since(String key) {
        return Optional.ofNullable(firstSeen.get(key));
    }

    /** Whether an object orphaned {@code since} has stayed so for {@code grace} at {@code now}. */
    static boolean due(Instant since, Instant now, Duration grace) {
        return Duration.between(since, now).compareTo(grace) >= 0;
    }

    /** Stops the clock of {@code key}: the object is removed, or its owner turned out to exist. */
    void forget(String key) {
        firstSeen.remove(key);
    }

    /** Forgets every object not seen orphaned in the pass that ends, and starts the next pass. */
    void endPass() {
        firstSeen.keySet().retainAll(seenThisPass);
        seenThisPass.clear();
    }
}
