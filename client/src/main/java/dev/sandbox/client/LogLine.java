package dev.sandbox.client;

import java.time.Instant;

/**
 * One line of a sandbox's log (what its main process wrote).
 *
 * @param stream standard output or standard error
 * @param timestamp when the node recorded it, or {@code null}
 * @param text the line without its line break
 */
public record LogLine(StreamType stream, Instant timestamp, String text) {}
