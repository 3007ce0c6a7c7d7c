package dev.sandbox.db;

/** A key just created: the only moment its plain text exists. */
public record IssuedKey(ApiKeyRecord record, String key) {}
