package dev.sandbox.client;

import java.nio.file.Path;

/**
 * A file downloaded from a sandbox to the local disk.
 *
 * @param file where it was saved
 * @param size its size in bytes
 * @param sha256 SHA-256 of what was received, in hex
 */
public record DownloadedFile(Path file, long size, String sha256) {}
