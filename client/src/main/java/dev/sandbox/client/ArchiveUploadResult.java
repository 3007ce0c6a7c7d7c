package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An archive unpacked into a sandbox volume.
 *
 * @param path the directory it was unpacked into, relative to the volume root
 * @param entries files and directories unpacked
 * @param bytes bytes written
 * @param skipped links and special entries left out
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArchiveUploadResult(String path, int entries, long bytes, int skipped) {}
