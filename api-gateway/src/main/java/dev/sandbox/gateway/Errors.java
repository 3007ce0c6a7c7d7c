package dev.sandbox.gateway;

/** Helpers for error messages that quote what the caller sent without echoing large or strange input back. */
final class Errors {
    /** How much of a caller's value an error message quotes. */
    static final int QUOTE_LIMIT = 64;

    private Errors() {}

    /** {@code value} cut to {@code max} characters (with a note of the full length), control characters replaced. */
    static String quoted(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int end = Math.min(value.length(), max);
        for (int i = 0; i < end; i++) {
            char ch = value.charAt(i);
            out.append(Character.isISOControl(ch) ? '?' : ch);
        }
        if (value.length() > max) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    static String quoted(String value) {
        return quoted(value, QUOTE_LIMIT);
    }
}
