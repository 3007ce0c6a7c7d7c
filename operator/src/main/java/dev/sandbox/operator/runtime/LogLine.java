package dev.sandbox.operator.runtime;

/**
 * One line of a container's log.
 *
 * @param stderr whether the container wrote it to standard error
 * @param timestamp RFC 3339 time the engine recorded it, or null
 * @param text the line without its line break
 */
public record LogLine(boolean stderr, String timestamp, String text) {}
