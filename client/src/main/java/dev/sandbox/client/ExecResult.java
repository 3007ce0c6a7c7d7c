package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The outcome of a command run in a sandbox with {@link SandboxClient#executeCommand(String, String)}.
 *
 * @param exitCode the command's exit status; {@code 137} when it was killed for running too long
 * @param stdout everything the command wrote to standard output
 * @param stderr everything the command wrote to standard error
 * @param durationMs wall-clock run time in milliseconds
 * @param timedOut {@code true} when the command outlived its timeout and was killed
 * @param truncated {@code true} when output beyond the node's cap (1 MiB per stream) was cut off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecResult(
        int exitCode, String stdout, String stderr, long durationMs, boolean timedOut, boolean truncated) {

    /**
     * An outcome whose output was not cut off.
     *
     * @param exitCode see the record description
     * @param stdout see the record description
     * @param stderr see the record description
     * @param durationMs see the record description
     * @param timedOut see the record description
     */
    public ExecResult(int exitCode, String stdout, String stderr, long durationMs, boolean timedOut) {
        this(exitCode, stdout, stderr, durationMs, timedOut, false);
    }

    /**
     * Whether the command finished in time with exit status 0.
     *
     * @return {@code true} on success
     */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
