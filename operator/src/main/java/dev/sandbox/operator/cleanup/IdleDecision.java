package dev.sandbox.operator.cleanup;

/**
 * What the idle clean-up does with one sandbox in one pass.
 *
 * @param action the action
 * @param message why, for the event, the history and the log (empty for {@link Action#NONE})
 */
public record IdleDecision(Action action, String message) {

    /** The possible actions. */
    public enum Action {
        /** Leave the sandbox alone. */
        NONE,
        /** Stop it: set {@code spec.desiredState: Stopped} and mark it as stopped for idleness. */
        STOP,
        /** Pause it: set {@code spec.desiredState: Paused} (memory kept) and mark it as paused for idleness. */
        PAUSE,
        /** Delete the resource: it has been stopped or paused for idleness long enough. */
        DELETE,
        /** It runs again after an idle stop or pause: remove the mark, so it is not deleted. */
        WAKE
    }

    static final IdleDecision NONE = new IdleDecision(Action.NONE, "");
}
