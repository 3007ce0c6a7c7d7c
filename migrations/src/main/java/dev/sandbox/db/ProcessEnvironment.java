package dev.sandbox.db;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The environment variables a production process (operator, gateway, migrate command) is configured by, read the same
 * way by all of them: an unset variable takes its default, and a malformed one stops the start with an
 * {@link IllegalArgumentException} that names the variable, says what was expected and shows what was found.
 *
 * <p>It lives in this module, beside {@link ProcessLogging} and {@link DatabaseSettings}, because this is the one module
 * every production process depends on and the database settings are read through it too.
 */
public final class ProcessEnvironment {
    private final Map<String, String> env;

    public ProcessEnvironment(Map<String, String> env) {
        this.env = env;
    }

    /** Whether the variable is set at all (even to an empty value). */
    public boolean isSet(String name) {
        return env.containsKey(name);
    }

    /** The value as it is, or {@code fallback} when the variable is unset (an empty value stays empty). */
    public String text(String name, String fallback) {
        return env.getOrDefault(name, fallback);
    }

    /** The trimmed value, or null when the variable is unset or blank. */
    public String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The value of a variable the process cannot do without.
     *
     * @param purpose what the value is for, ending the message when it is missing ({@code NAME is not set: purpose})
     * @throws IllegalArgumentException when the variable is unset or blank
     */
    public String required(String name, String purpose) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: " + purpose);
        }
        return value;
    }

    /** {@code true} exactly when the value is {@code true} in any case; {@code fallback} when unset. */
    public boolean flag(String name, boolean fallback) {
        String value = env.get(name);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    public int integer(String name, int fallback) {
        return read(name, Integer::parseInt, fallback, "a whole number");
    }

    /** A TCP port from 0 to 65535 (0: any free one). */
    public int port(String name, int fallback) {
        return read(
                name,
                v -> {
                    int port = Integer.parseInt(v);
                    if (port < 0 || port > 65535) {
                        throw new NumberFormatException("out of range");
                    }
                    return port;
                },
                fallback,
                "a port number from 0 to 65535");
    }

    public long number(String name, long fallback) {
        return read(name, Long::parseLong, fallback, "a whole number");
    }

    public double decimal(String name, double fallback) {
        return read(name, Double::parseDouble, fallback, "a number");
    }

    /** A whole number of seconds. */
    public Duration seconds(String name, Duration fallback) {
        return read(name, v -> Duration.ofSeconds(Long.parseLong(v)), fallback, "a whole number of seconds");
    }

    /** A whole number of hours. */
    public Duration hours(String name, Duration fallback) {
        return read(name, v -> Duration.ofHours(Long.parseLong(v)), fallback, "a whole number of hours");
    }

    /**
     * The value turned into a {@code T} by {@code parser}, or {@code fallback} when the variable is unset.
     *
     * @throws IllegalArgumentException {@code NAME: } and the parser's own reason, when it refuses the value
     */
    public <T> T parsed(String name, Function<String, T> parser, T fallback) {
        return read(name, parser, fallback, null);
    }

    /**
     * Like {@link #parsed}, for a variable that a blank value leaves at its default (the chart passes its value on
     * whether or not one was given); the parser gets the trimmed value.
     */
    public <T> T parsedUnlessBlank(String name, Function<String, T> parser, T fallback) {
        return optional(name) == null ? fallback : parsed(name, v -> parser.apply(v.trim()), fallback);
    }

    /**
     * The value turned into a {@code T}, or {@code fallback} when unset.
     *
     * @param expected what a number should look like, said instead of a {@link NumberFormatException}'s message (which
     *     only repeats the input); null for parsers that give reasons of their own
     */
    private <T> T read(String name, Function<String, T> parser, T fallback, String expected) {
        String value = env.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            String reason = expected != null && e instanceof NumberFormatException
                    ? " must be " + expected + ", not '" + value + "'"
                    : ": " + e.getMessage();
            throw new IllegalArgumentException(name + reason, e);
        }
    }
}
