package dev.sandbox.db;

/** Who an unrevoked key belongs to: the key's id, its tenant, whether it is an administrator's, the tenant's limits. */
public record KeyOwner(long keyId, String tenant, boolean admin, TenantLimits limits) {}
