package dev.sandbox.db;

import java.time.Instant;

/**
 * When a sandbox was last used through the gateway.
 *
 * @param sandboxUid UID of the Sandbox resource
 * @param namespace its namespace
 * @param name its name
 * @param lastActivityAt the latest call on it
 */
public record ActivityRecord(String sandboxUid, String namespace, String name, Instant lastActivityAt) {}
