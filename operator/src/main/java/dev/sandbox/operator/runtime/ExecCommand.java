package dev.sandbox.operator.runtime;

import java.util.List;

/**
 * A command to run in a container.
 *
 * @param command executable and arguments
 * @param user user (name or uid, optionally {@code :group}) to run as, or null for the container's default
 * @param workdir absolute working directory, or null for the container's default
 * @param env extra environment as {@code KEY=value}
 * @param stdin whether the caller will write to the command's standard input; without it the command reads nothing
 */
public record ExecCommand(List<String> command, String user, String workdir, List<String> env, boolean stdin) {
  public ExecCommand {
    command = List.copyOf(command);
    env = env == null ? List.of() : List.copyOf(env);
  }
}
