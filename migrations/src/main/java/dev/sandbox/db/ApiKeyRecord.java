package dev.sandbox.db;

import java.time.Instant;

/**
 * An API key as stored, without the key itself (only its hash is kept).
 *
 * @param prefix the key's first characters, so that a person can tell keys apart
 * @param admin whether the key may use the administration API
 */
public record ApiKeyRecord(
        long id,
        String tenant,
        String name,
        String prefix,
        boolean admin,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {}
