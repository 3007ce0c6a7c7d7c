package dev.sandbox.db;

/** Who performed an administrative action, as written to the audit trail (both null for the platform itself). */
public record AdminActor(Long keyId, String tenant) {
    public static final AdminActor PLATFORM = new AdminActor(null, null);
}
