package dev.sandbox.client;

/** Which output stream of a command (or of a sandbox's log) a piece of text came from. */
public enum StreamType {
    /** Standard output. */
    STDOUT,
    /** Standard error. */
    STDERR
}
