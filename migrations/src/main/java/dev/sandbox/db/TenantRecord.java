package dev.sandbox.db;

import java.time.Instant;

/** A tenant as stored: its name (also the label value on its resources), limits and times. */
public record TenantRecord(
        String name, String displayName, TenantLimits limits, Instant createdAt, Instant updatedAt) {}
