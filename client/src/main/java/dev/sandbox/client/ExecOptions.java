package dev.sandbox.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of a command: how long it may run, where, with which extra environment and as which user. Start from
 * {@link #defaults()} and change what you need; every {@code with...} method returns a copy.
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
 */
public record ExecOptions(Duration timeout, String workdir, Map<String, String> environment, String user) {

    /**
     * Copies the environment so the options stay as they were built.
     *
     * @param timeout how long the command may run, or {@code null}
     * @param workdir working directory, or {@code null}
     * @param environment extra environment, or {@code null} for none
     * @param user user to run as, or {@code null}
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
        return new ExecOptions(null, null, Map.of(), null);
    }

    /**
     * Sets the timeout.
     *
     * @param newTimeout more than 0 and at most one hour
     * @return a copy with the timeout
     */
    public ExecOptions withTimeout(Duration newTimeout) {
        return new ExecOptions(newTimeout, workdir, environment, user);
    }

    /**
     * Sets the working directory.
     *
     * @param newWorkdir absolute, or relative to {@code /workspace}
     * @return a copy with the working directory
     */
    public ExecOptions withWorkdir(String newWorkdir) {
        return new ExecOptions(timeout, newWorkdir, environment, user);
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
        return new ExecOptions(timeout, workdir, more, user);
    }

    /**
     * Sets the user.
     *
     * @param newUser a name or uid, optionally {@code :group}, allowed by the sandbox's node
     * @return a copy with the user
     */
    public ExecOptions withUser(String newUser) {
        return new ExecOptions(timeout, workdir, environment, newUser);
    }
}
