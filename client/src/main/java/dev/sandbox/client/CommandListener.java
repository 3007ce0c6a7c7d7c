package dev.sandbox.client;

/**
 * Callbacks for a streamed command, see {@link SandboxClient#streamCommand(String, String, CommandListener)}. Called
 * one at a time, in order, from a thread of the SDK; keep them short or hand work off.
 */
public interface CommandListener {

    /**
     * A line the command wrote to standard output.
     *
     * @param line the line without its line break
     */
    default void onStdout(String line) {}

    /**
     * A line the command wrote to standard error.
     *
     * @param line the line without its line break
     */
    default void onStderr(String line) {}
}
