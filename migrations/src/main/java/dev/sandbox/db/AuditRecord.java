package dev.sandbox.db;

import java.time.Instant;

/** One administrative action: who (key id and tenant), what, on which target, with details as a JSON text. */
public record AuditRecord(
        long id,
        Instant occurredAt,
        Long actorKeyId,
        String actorTenant,
        String action,
        String target,
        String details) {}
