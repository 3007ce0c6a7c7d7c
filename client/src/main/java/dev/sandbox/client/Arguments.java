package dev.sandbox.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The one place where the SDK checks arguments before anything is sent: an argument that cannot be right (a blank id,
 * an exec timeout out of range) throws {@link SandboxValidationException} naming the field, before any HTTP call. The
 * gateway checks everything again; these checks only spare a round trip and give the error where the mistake is.
 */
final class Arguments {

    /** Longest exec timeout the gateway accepts. */
    static final Duration MAX_EXEC_TIMEOUT = Duration.ofHours(1);

    /** Longest timeout a background process may be given. */
    static final Duration MAX_BACKGROUND_TIMEOUT = Duration.ofDays(30);

    private Arguments() {}

    /** {@code value}, or a validation error naming {@code field} when it is null or blank. */
    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new SandboxValidationException(field + " is required", field);
        }
        return value;
    }

    /** {@code value}, or a validation error (without a field: the whole request is missing) when it is null. */
    static <T> T requiredRequest(T value) {
        if (value == null) {
            throw new SandboxValidationException("request is required", null);
        }
        return value;
    }

    /** A command line for {@code /bin/sh -c}: not blank. */
    static String commandLine(String commandLine) {
        if (commandLine == null || commandLine.isBlank()) {
            throw new SandboxValidationException("command is required", "command");
        }
        return commandLine;
    }

    /** A command given as separate arguments: at least one, none null. */
    static List<String> command(List<String> command) {
        if (command == null || command.isEmpty() || command.stream().anyMatch(Objects::isNull)) {
            throw new SandboxValidationException("command must be a non-empty list without nulls", "command");
        }
        return command;
    }

    /** An exec timeout in whole seconds (rounded up): more than 0 and at most {@link #MAX_EXEC_TIMEOUT}. */
    static long execTimeoutSeconds(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_EXEC_TIMEOUT) > 0) {
            throw new SandboxValidationException(
                    "timeout must be more than 0 and at most " + MAX_EXEC_TIMEOUT.toSeconds() + " seconds, was "
                            + timeout,
                    "timeoutSeconds");
        }
        return roundUpToSeconds(timeout);
    }

    /** A background process's timeout in whole seconds: more than 0 and at most {@link #MAX_BACKGROUND_TIMEOUT}. */
    static long backgroundTimeoutSeconds(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_BACKGROUND_TIMEOUT) > 0) {
            throw new SandboxValidationException(
                    "timeout of a background process must be more than 0 and at most 30 days", "timeoutSeconds");
        }
        return roundUpToSeconds(timeout);
    }

    /** A stop grace period: from 0 up to {@link #MAX_EXEC_TIMEOUT}. */
    static Duration gracePeriod(Duration timeout) {
        if (timeout.isNegative() || timeout.compareTo(MAX_EXEC_TIMEOUT) > 0) {
            throw new SandboxValidationException(
                    "timeout must be between 0 and " + MAX_EXEC_TIMEOUT.toSeconds() + " seconds", "timeout");
        }
        return timeout;
    }

    /** A TCP port: 1 to 65535. */
    static int port(int port) {
        if (port < 1 || port > 65535) {
            throw new SandboxValidationException("port must be between 1 and 65535, was " + port, "port");
        }
        return port;
    }

    /** An absolute path inside the sandbox, such as {@code /workspace}. */
    static String absoluteFolder(String folderPath) {
        String folder = required(folderPath, "folderPath");
        if (!folder.startsWith("/")) {
            throw new SandboxValidationException(
                    "folderPath must be an absolute path in the sandbox, such as /workspace", "folderPath");
        }
        return folder;
    }

    /** A listener that must be there. */
    static <T> T listener(T listener) {
        if (listener == null) {
            throw new SandboxValidationException("listener is required", "listener");
        }
        return listener;
    }

    private static long roundUpToSeconds(Duration timeout) {
        return (timeout.toMillis() + 999) / 1000;
    }
}
