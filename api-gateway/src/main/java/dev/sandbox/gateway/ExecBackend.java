package dev.sandbox.gateway;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs commands in sandboxes on their node: the node agent of the sandbox's node, reached over HTTP (also in dev mode,
 * where the agent runs in the same process). Requests the node refuses fail with an {@link ApiException} carrying the
 * node's status, code and field; an unreachable node with {@link BackendUnavailableException}.
 */
public interface ExecBackend {

  /** Runs the command and returns its output once it exits or is killed for its timeout. */
  ExecOutput exec(SandboxTarget target, ExecSpec spec);

  /**
   * Runs the command and passes its events ({@code stdout}, {@code stderr}, {@code exit}, or {@code error}) to
   * {@code sink} as they come, returning when the command has ended. When the sink throws (its client went away) the
   * command is killed.
   */
  void stream(SandboxTarget target, ExecSpec spec, EventSink sink);

  /**
   * Starts an interactive command and relays the WebSocket exec protocol: {@code listener} receives the node's
   * messages; the returned socket takes the client's stdin and control messages. Closing it kills the command.
   */
  AgentSocket openExecSession(SandboxTarget target, ExecSpec spec, SocketListener listener);

  /**
   * A checked command with its options.
   *
   * @param command executable and arguments (a command line was already turned into {@code /bin/sh -c ...})
   * @param timeoutSeconds how long it may run
   * @param workdir working directory, or null for {@code /workspace}
   * @param environment extra environment, or null
   * @param user user to run as, or null for the sandbox's own
   * @param stdin whether the client sends standard input (WebSocket only)
   * @param maxOutputBytes cap on each collected output stream
   */
  record ExecSpec(List<String> command, int timeoutSeconds, String workdir, Map<String, String> environment, String user,
      boolean stdin, int maxOutputBytes, Terminal terminal) {}

  /** The pseudo-terminal of an interactive command. */
  record Terminal(int columns, int rows) {}

  /** Output and outcome of one command. {@code exitCode} is 137 when it was killed for its timeout. */
  record ExecOutput(int exitCode, String stdout, String stderr, long durationMs, boolean timedOut, boolean truncated) {}

  /** Receives the events of a streamed command. */
  interface EventSink {
    /** One event; {@code data} is a line of JSON. */
    void event(String name, String data) throws IOException;

    /** Nothing happened for a while; a chance to notice that the client left. */
    void keepalive() throws IOException;
  }

  /** The node or its container engine cannot be reached. */
  class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
