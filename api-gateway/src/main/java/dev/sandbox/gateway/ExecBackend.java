package dev.sandbox.gateway;

import java.time.Duration;
import java.util.List;

/**
 * Runs commands in sandbox containers on their node. In dev mode it calls the local container runtime in process;
 * in a cluster it is the node agent of the sandbox's node.
 */
public interface ExecBackend {

  /**
   * Runs {@code command} in the container and returns its output once it exits or is killed for its timeout.
   *
   * @throws BackendUnavailableException when the node or its container engine cannot be reached
   */
  ExecOutput exec(String node, String containerId, List<String> command, Duration timeout, int maxOutputBytes);

  /** Output and outcome of one command. {@code exitCode} is 137 when it was killed for its timeout. */
  record ExecOutput(int exitCode, String stdout, String stderr, long durationMs, boolean timedOut, boolean truncated) {}

  /** The node or its container engine cannot be reached. */
  class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
