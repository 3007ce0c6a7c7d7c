package dev.sandbox.operator.agent;

import java.time.Duration;

/**
 * Caps the node agent enforces, so one request cannot fill a node's disk or memory.
 *
 * @param maxUploadBytes largest file accepted by a write or upload (413 beyond)
 * @param maxExportBytes largest total of file sizes in a zip export (413 beyond)
 * @param maxExportEntries most files and directories in a zip export (413 beyond)
 * @param maxExtractBytes largest total unpacked size of an uploaded archive (413 beyond)
 * @param maxExtractEntries most entries in an uploaded archive (413 beyond)
 * @param keepalive how often a quiet event stream gets a comment line, so a client that left is noticed
 */
public record AgentLimits(
        long maxUploadBytes,
        long maxExportBytes,
        int maxExportEntries,
        long maxExtractBytes,
        int maxExtractEntries,
        Duration keepalive) {

    /** 1 GiB files, exports and archives, 10,000 entries, a keepalive every second. */
    public static AgentLimits defaults() {
        return new AgentLimits(1L << 30, 1L << 30, 10_000, 1L << 30, 10_000, Duration.ofSeconds(1));
    }
}
