package dev.sandbox.client;

/**
 * One line of a streamed command's output.
 *
 * @param stream standard output or standard error
 * @param text the line without its line break (a last line without one is delivered when the command ends)
 */
public record OutputLine(StreamType stream, String text) {}
