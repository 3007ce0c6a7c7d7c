package dev.sandbox.operator.runtime;

/** Outcome of a command run inside a container. {@code exitCode} is 137 when it was killed for its timeout. */
public record ExecResult(
        int exitCode, String stdout, String stderr, long durationMs, boolean timedOut, boolean truncated) {}
