package dev.sandbox.db;

import java.time.Instant;

/** One lifecycle transition of a sandbox, as kept in the history. */
public record SandboxEventRecord(
        String sandboxUid,
        String namespace,
        String name,
        String type,
        String phase,
        String reason,
        String message,
        String node,
        Instant occurredAt) {}
