package dev.sandbox.operator.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside a volume as the API takes it: relative to the volume root, '/'-separated. Everything that could leave
 * the root or confuse the file system is refused here, before any file is touched: absolute paths, {@code ..}, NUL
 * bytes, names longer than 255 bytes and paths longer than 4096. Pure.
 */
final class VolumePath {
    static final int MAX_NAME_BYTES = 255;
    static final int MAX_PATH_CHARS = 4096;

    private VolumePath() {}

    /**
     * The path's names, in order; empty for the root itself ({@code ""} or {@code "."}).
     *
     * @param field the request field named in errors
     * @param required whether a missing value is an error (otherwise it means the root)
     */
    static List<String> parse(String raw, String field, boolean required) {
        if (raw == null) {
            if (required) {
                throw AgentException.invalid(field, "'" + field + "' is required");
            }
            return List.of();
        }
        if (raw.indexOf('\0') >= 0) {
            throw AgentException.invalid(field, "'" + field + "' must not contain NUL bytes");
        }
        if (raw.length() > MAX_PATH_CHARS) {
            throw AgentException.invalid(field, "'" + field + "' must be at most " + MAX_PATH_CHARS + " characters");
        }
        if (raw.startsWith("/")) {
            throw AgentException.invalid(
                    field, "'" + field + "' must be relative to the volume root, not absolute: '" + raw + "'");
        }
        List<String> names = new ArrayList<>();
        for (String name : raw.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw AgentException.invalid(field, "'" + field + "' must not contain '..'");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw AgentException.invalid(
                        field, "a name in '" + field + "' is longer than " + MAX_NAME_BYTES + " bytes");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** An entry name from an uploaded archive: like {@link #parse}, and backslashes (Windows separators) are refused too. */
    static List<String> archiveEntry(String name) {
        if (name.indexOf('\\') >= 0) {
            throw AgentException.invalid("path", "archive entry '" + name + "' contains a backslash");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw AgentException.invalid("path", "archive entry '" + name + "' is an absolute path");
        }
        List<String> names;
        try {
            names = parse(name, "path", true);
        } catch (AgentException e) {
            throw AgentException.invalid(
                    "path", "archive entry '" + name.replace("\0", "\\0") + "' is not allowed: " + e.getMessage());
        }
        return names;
    }

    static String join(List<String> names) {
        return String.join("/", names);
    }
}
