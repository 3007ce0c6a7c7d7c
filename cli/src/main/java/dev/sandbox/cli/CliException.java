package dev.sandbox.cli;

/** A failure the command line found itself (not the gateway), with the exit status it means. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
