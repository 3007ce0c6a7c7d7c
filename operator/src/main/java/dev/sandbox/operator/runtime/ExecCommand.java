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
 * @param terminal the size of a pseudo-terminal to run the command in (stdout and stderr then arrive merged, as a
 *     terminal shows them, and input goes through the terminal's line discipline), or null for plain pipes
 */
public record ExecCommand(
        List<String> command, String user, String workdir, List<String> env, boolean stdin, TerminalSize terminal) {
    public ExecCommand {
        command = List.copyOf(command);
        env = env == null ? List.of() : List.copyOf(env);
    }

    /** A command with plain pipes, no terminal. */
    public ExecCommand(List<String> command, String user, String workdir, List<String> env, boolean stdin) {
        this(command, user, workdir, env, stdin, null);
    }
}
