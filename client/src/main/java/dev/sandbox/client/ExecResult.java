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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecResult(int exitCode, String stdout, String stderr, long durationMs, boolean timedOut) {

  /**
   * Whether the command finished in time with exit status 0.
   *
   * @return {@code true} on success
   */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
