package dev.sandbox.client;

/**
 * Size of a command's pseudo-terminal in character cells.
 *
 * @param columns width, 1 to 1000
 * @param rows height, 1 to 1000
 */
public record TerminalSize(int columns, int rows) {
    /**
     * Checks the size.
     *
     * @param columns width, 1 to 1000
     * @param rows height, 1 to 1000
     */
    public TerminalSize {
        if (columns < 1 || columns > 1000) {
            throw new SandboxValidationException("columns must be between 1 and 1000", "columns");
        }
        if (rows < 1 || rows > 1000) {
            throw new SandboxValidationException("rows must be between 1 and 1000", "rows");
        }
    }
}
