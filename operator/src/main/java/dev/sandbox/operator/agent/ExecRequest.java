package dev.sandbox.operator.agent;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sandbox.crd.CommandDeserializer;
import java.util.List;
import java.util.Map;

/**
 * A command to run and the caller's options, not yet checked.
 *
 * @param command executable and arguments, or a command line (run by {@code /bin/sh -c})
 * @param timeoutSeconds how long it may run (1 to 3600, default 60)
 * @param workdir working directory; relative paths are inside {@code /workspace}, the default
 * @param environment extra environment variables
 * @param user user to run as, from the node's allow-list, or null for the sandbox's own user
 * @param stdin whether standard input will be sent (streams only)
 * @param maxOutputBytes cap on each of stdout and stderr in a collected result
 * @param tty whether to run the command in a pseudo-terminal (streams over the WebSocket only; implies stdin)
 * @param columns width of the terminal (default 80)
 * @param rows height of the terminal (default 24)
 */
public record ExecRequest(
    @JsonDeserialize(using = CommandDeserializer.class) List<String> command,
    Integer timeoutSeconds,
    String workdir,
    Map<String, String> environment,
    String user,
    Boolean stdin,
    Integer maxOutputBytes,
    Boolean tty,
    Integer columns,
    Integer rows) {

  /** A request without a terminal. */
  public ExecRequest(List<String> command, Integer timeoutSeconds, String workdir, Map<String, String> environment,
      String user, Boolean stdin, Integer maxOutputBytes) {
    this(command, timeoutSeconds, workdir, environment, user, stdin, maxOutputBytes, null, null, null);
  }
}
