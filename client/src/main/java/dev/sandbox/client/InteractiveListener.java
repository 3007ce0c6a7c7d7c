package dev.sandbox.client;

/**
 * Receives the output of an {@link InteractiveCommand} as it arrives, in order, from one thread of the SDK; keep it
 * short or hand work off.
 */
@FunctionalInterface
public interface InteractiveListener {
    /**
     * A piece of output: not split at lines, and with a terminal it holds escape sequences, as a terminal shows them.
     *
     * @param stream where it came from ({@link StreamType#STDOUT} for everything a terminal shows)
     * @param text the text
     */
    void onOutput(StreamType stream, String text);
}
