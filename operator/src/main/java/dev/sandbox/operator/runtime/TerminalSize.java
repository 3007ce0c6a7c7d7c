package dev.sandbox.operator.runtime;

/**
 * Size of a pseudo-terminal in character cells.
 *
 * @param columns width, 1 to {@link #MAX}
 * @param rows height, 1 to {@link #MAX}
 */
public record TerminalSize(int columns, int rows) {
    /** Larger than any real screen; bounds what a client may ask the engine for. */
    public static final int MAX = 1000;

    /** What a terminal has when the caller does not say: the classic 80 × 24. */
    public static final TerminalSize DEFAULT = new TerminalSize(80, 24);

    public TerminalSize {
        if (columns < 1 || columns > MAX || rows < 1 || rows > MAX) {
            throw new IllegalArgumentException(
                    "a terminal has 1 to " + MAX + " columns and rows, not " + columns + " x " + rows);
        }
    }
}
