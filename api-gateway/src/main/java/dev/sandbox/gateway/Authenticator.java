package dev.sandbox.gateway;

import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.DaemonThreads;
import dev.sandbox.db.KeyOwner;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code Authorization: Bearer <key>} to its owner. A lookup is remembered for one second only: a busy client
 * costs at most one database query per second, and a key revoked on any gateway replica stops working everywhere
 * within that second (at once on the replica that revoked it; elsewhere after at most one more call, the one that
 * starts its re-check). A key checked within the last ten minutes is answered from memory while its re-check runs in
 * the background, so a slow or unreachable PostgreSQL does not stop calls that need no database.
 */
final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    static final Duration CACHE_TIME = Duration.ofSeconds(1);
    /**
     * While PostgreSQL cannot be reached, a key that was valid this recently is still accepted, so that calls which need
     * no database (exec, files, status) go on being served through a short outage.
     */
    private static final Duration OUTAGE_GRACE = Duration.ofMinutes(10);

    private final ApiKeys keys;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService refresher =
            java.util.concurrent.Executors.newSingleThreadExecutor(DaemonThreads.named("api-key-revalidation"));

    Authenticator(ApiKeys keys) {
        this.keys = keys;
    }

    /** The caller's tenant; 401 for a missing, malformed or unknown key, 503 when the key store is unreachable. */
    String tenant(String authorizationHeader) {
        return caller(authorizationHeader).tenant();
    }

    /** The key's owner; 401 for a missing, malformed or unknown key, 503 when the key store is unreachable. */
    KeyOwner caller(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw ApiException.unauthorized("missing API key: send 'Authorization: Bearer <api key>'");
        }
        if (!authorizationHeader.startsWith("Bearer ")) {
            throw ApiException.unauthorized("malformed Authorization header: expected 'Bearer <api key>'");
        }
        String key = authorizationHeader.substring("Bearer ".length()).trim();
        if (!ApiKeys.KEY_FORMAT.matcher(key).matches()) {
            throw ApiException.unauthorized("malformed API key");
        }
        long now = System.nanoTime();
        Cached hit = cache.get(key);
        if (hit != null && hit.expiresAt - now > 0) {
            return hit.owner;
        }
        if (hit != null && now - (hit.expiresAt - CACHE_TIME.toNanos()) < OUTAGE_GRACE.toNanos()) {
            // Checked not long ago: answer now and check again in the background. A revoked key is dropped as soon as
            // that
            // check has run.
            revalidate(key);
            return hit.owner;
        }
        Optional<KeyOwner> owner;
        try {
            owner = keys.owner(key);
        } catch (SQLException e) {
            // The database's own words name tables and hosts: they go to the log, not to the caller.
            log.warn("API key lookup failed: {}", e.toString());
            throw ApiException.unavailable("the API key store is unreachable; try again shortly");
        }
        if (owner.isEmpty()) {
            cache.remove(key);
            throw ApiException.unauthorized("unknown or revoked API key");
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Cached(owner.get(), now + CACHE_TIME.toNanos()));
        return owner.get();
    }

    /** Forgets every remembered lookup (after a key was revoked or a tenant changed on this replica). */
    void forgetAll() {
        cache.clear();
    }

    private void revalidate(String key) {
        if (!refreshing.add(key)) {
            return;
        }
        refresher.execute(() -> {
            try {
                Optional<KeyOwner> owner = keys.owner(key);
                if (owner.isPresent()) {
                    cache.put(key, new Cached(owner.get(), System.nanoTime() + CACHE_TIME.toNanos()));
                } else {
                    cache.remove(key);
                }
            } catch (SQLException | RuntimeException e) {
                // Still unreachable: the key stays as it was until the grace runs out.
            } finally {
                refreshing.remove(key);
            }
        });
    }

    private record Cached(KeyOwner owner, long expiresAt) {}
}
