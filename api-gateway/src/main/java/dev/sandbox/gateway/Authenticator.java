package dev.sandbox.gateway;

import dev.sandbox.db.ApiKeys;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code Authorization: Bearer <key>} to a tenant. Lookups are cached briefly so a busy client does not cost
 * one database query per request; a revoked key stops working within the cache time (plus the one call that starts
 * its background re-check). A key checked within the last ten minutes is answered from the cache while its re-check
 * runs, so a PostgreSQL outage does not stop calls that need no database.
 */
final class Authenticator {
  private static final Duration CACHE_TIME = Duration.ofSeconds(30);
  /**
   * While PostgreSQL cannot be reached, a key that was valid this recently is still accepted, so that calls which need
   * no database (exec, files, status) go on being served through a short outage.
   */
  private static final Duration OUTAGE_GRACE = Duration.ofMinutes(10);

  private final ApiKeys keys;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ExecutorService refresher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "api-key-revalidation");
    t.setDaemon(true);
    return t;
  });

  Authenticator(ApiKeys keys) {
    this.keys = keys;
  }

  /** The caller's tenant; 401 for a missing, malformed or unknown key, 503 when the key store is unreachable. */
  String tenant(String authorizationHeader) {
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
      return hit.tenant;
    }
    if (hit != null && now - (hit.expiresAt - CACHE_TIME.toNanos()) < OUTAGE_GRACE.toNanos()) {
      // Checked not long ago: answer now and check again in the background, so that a slow or unreachable database
      // never holds up a call that needs none. A revoked key is dropped as soon as that check has run.
      revalidate(key);
      return hit.tenant;
    }
    Optional<String> tenant;
    try {
      tenant = keys.tenantFor(key);
    } catch (SQLException e) {
      throw ApiException.unavailable("the API key store (PostgreSQL) is unreachable: " + e.getMessage());
    }
    if (tenant.isEmpty()) {
      cache.remove(key);
      throw ApiException.unauthorized("unknown or revoked API key");
    }
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(key, new Cached(tenant.get(), now + CACHE_TIME.toNanos()));
    return tenant.get();
  }

  private void revalidate(String key) {
    if (!refreshing.add(key)) {
      return;
    }
    refresher.execute(() -> {
      try {
        Optional<String> tenant = keys.tenantFor(key);
        if (tenant.isPresent()) {
          cache.put(key, new Cached(tenant.get(), System.nanoTime() + CACHE_TIME.toNanos()));
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

  private record Cached(String tenant, long expiresAt) {}
}
