package dev.sandbox.operator.agent;

/**
 * One entry of a directory listing.
 *
 * @param name its name
 * @param type {@code file}, {@code directory}, {@code symlink} or {@code other}
 * @param size size in bytes (of the link itself for a symlink)
 * @param mode permission bits in octal, such as {@code 0644}
 * @param modifiedAt last modification, RFC 3339
 */
record FileEntry(String name, String type, long size, String mode, String modifiedAt) {}
