package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a streamed command ended.
 *
 * @param exitCode the command's exit status; {@code 137} when it was killed for running too long, {@code -1} when
 *     the node could not tell
 * @param timedOut {@code true} when the command outlived its timeout and was killed
 * @param durationMs wall-clock run time in milliseconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecExit(int exitCode, boolean timedOut, long durationMs) {

    /**
     * Whether the command finished in time with exit status 0.
     *
     * @return {@code true} on success
     */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
