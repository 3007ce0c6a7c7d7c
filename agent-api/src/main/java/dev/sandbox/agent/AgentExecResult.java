package dev.sandbox.agent;

/**
 * The answer of {@code POST .../exec}: the collected output and the outcome of one command. The gateway answers its own
 * callers with the same fields.
 *
 * @param exitCode the exit status; {@code 137} when the command was killed for running too long
 * @param stdout standard output, at most the request's {@code maxOutputBytes}
 * @param stderr standard error, at most the request's {@code maxOutputBytes}
 * @param durationMs wall-clock run time in milliseconds
 * @param timedOut whether the command outlived its timeout and was killed
 * @param truncated whether output beyond the cap was cut off
 */
public record AgentExecResult(
        int exitCode, String stdout, String stderr, long durationMs, boolean timedOut, boolean truncated) {}
