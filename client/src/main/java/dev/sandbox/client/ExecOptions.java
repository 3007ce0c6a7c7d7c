package dev.sandbox.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of a command: how long it may run, where, with which extra environment, as which user and, for an
 * interactive command, in which terminal. Start from {@link #defaults()} and change what you need; every
 * {@code with...} method returns a copy.
 *
 * <pre>{@code
 * ExecOptions options = ExecOptions.defaults().withTimeout(Duration.ofMinutes(5)).withWorkdir("src").withEnvironment("DEBUG", "1");
 * }</pre>
 *
 * @param timeout how long the command may run (up to one hour), or {@code null} for the gateway's 60 seconds
 * @param workdir working directory; relative paths are inside {@code /workspace}, the default ({@code null})
 * @param environment extra environment variables (never {@code null})
 * @param user user to run as, such as {@code "2000"}; {@code null} for the sandbox's own user. Root is refused
 *     unless the sandbox itself runs as root.
 * @param terminal size of the pseudo-terminal an interactive command runs in, or {@code null} for plain pipes; only
 *     {@link SandboxClient#openInteractive} takes one (the gateway
 *     runs other commands without a terminal)
 */
public record ExecOptions(
        Duration timeout, String workdir, Map<String, String> environment, String user, TerminalSize terminal) {

    /**
     * Copies the environment so the options stay as they were built.
     *
     * @param timeout how long the command may run, or {@code null}
     * @param workdir working directory, or {@code null}
     * @param environment extra environment, or {@code null} for none
     * @param user user to run as, or {@code null}
     * @param terminal terminal size for an interactive command, or {@code null}
     */
    public ExecOptions {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /**
     * The gateway's defaults: 60 seconds, {@code /workspace}, no extra environment, the sandbox's own user.
     *
     * @return options with nothing set
     */
    public static ExecOptions defaults() {
        return new ExecOptions(null, null, Map.of(), null, null);
    }

    /**
     * Sets the timeout.
     *
     * @param newTimeout more than 0 and at most one hour
     * @return a copy with the timeout
     */
    public ExecOptions withTimeout(Duration newTimeout) {
        return new ExecOptions(newTimeout, workdir, environment, user, terminal);
    }

    /**
     * Sets the working directory.
     *
     * @param newWorkdir absolute, or relative to {@code /workspace}
     * @return a copy with the working directory
     */
    public ExecOptions withWorkdir(String newWorkdir) {
        return new ExecOptions(timeout, newWorkdir, environment, user, terminal);
    }

    /**
     * Adds one environment variable.
     *
     * @param name variable name (letters, digits and {@code _}, not starting with a digit)
     * @param value its value
     * @return a copy with the variable added
     */
    public ExecOptions withEnvironment(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(environment);
        more.put(name, value);
        return new ExecOptions(timeout, workdir, more, user, terminal);
    }

    /**
     * Sets the user.
     *
     * @param newUser a name or uid, optionally {@code :group}, allowed by the sandbox's node
     * @return a copy with the user
     */
    public ExecOptions withUser(String newUser) {
        return new ExecOptions(timeout, workdir, environment, newUser, terminal);
    }

    /**
     * Runs an interactive command in a pseudo-terminal of this size (a shell as a person uses it: prompt, line editing,
     * Ctrl+C) instead of plain pipes.
     *
     * @param newTerminal the terminal's size, or {@code null} for plain pipes
     * @return a copy with the terminal
     */
    public ExecOptions withTerminal(TerminalSize newTerminal) {
        return new ExecOptions(timeout, workdir, environment, user, newTerminal);
    }
}
