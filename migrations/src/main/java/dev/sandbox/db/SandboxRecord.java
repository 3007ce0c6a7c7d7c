package dev.sandbox.db;

import java.time.Instant;

/** One row of the sandbox mirror: the latest known spec and status of a sandbox, as JSON. */
public record SandboxRecord(
        String uid,
        String namespace,
        String name,
        String tenantId,
        String image,
        String node,
        String phase,
        String reason,
        String message,
        String containerId,
        int restartCount,
        String specJson,
        String statusJson,
        Instant createdAt,
        Instant deletedAt) {}
