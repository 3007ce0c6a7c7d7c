package dev.sandbox.operator.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Signals a client may send to a running command. */
public enum ExecSignal {
    INT,
    TERM,
    KILL,
    HUP;

    /** The signal named {@code name} (case-insensitive, with or without {@code SIG}), if it is one of these. */
    public static Optional<ExecSignal> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String plain = name.trim().toUpperCase(Locale.ROOT);
        String bare = plain.startsWith("SIG") ? plain.substring(3) : plain;
        return Arrays.stream(values()).filter(s -> s.name().equals(bare)).findFirst();
    }

    /** The names accepted by {@link #parse(String)}, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
