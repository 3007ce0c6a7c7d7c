package dev.sandbox.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The labels a caller puts on a sandbox to find it again ({@code "labels": {"team": "data"}}, {@code ?label=team=data}).
 * They are stored as Kubernetes labels on the Sandbox resource, so they follow Kubernetes' rules, and they may not
 * touch the platform's own keys (the tenant label among them).
 */
final class UserLabels {
    static final int MAX_LABELS = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_PREFIX = 253;

    private UserLabels() {}

    /** Checks the labels of a create request; {@code field} names the request field for errors. */
    static Map<String, String> check(Map<String, String> labels, String field) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            throw ApiException.invalid(field, "at most " + MAX_LABELS + " labels");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            key(label.getKey(), field);
            checked.put(label.getKey(), value(label.getKey(), label.getValue(), field));
        }
        return checked;
    }

    /** Parses {@code key=value} of a list filter. */
    static Map.Entry<String, String> selector(String text, String field) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq <= 0) {
            throw ApiException.invalid(field, "a label filter is key=value, such as team=data");
        }
        String key = text.substring(0, eq);
        key(key, field);
        return Map.entry(key, value(key, text.substring(eq + 1), field));
    }

    /** Whether a label of the resource is one the caller set (the platform's own are left out of the sandbox JSON). */
    static boolean isUserLabel(String key) {
        return !reserved(key.contains("/") ? key.substring(0, key.indexOf('/')) : "");
    }

    private static void key(String key, String field) {
        String prefix = "";
        String name = key;
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash >= 0) {
            prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > MAX_PREFIX
                    || !PREFIX.matcher(prefix).matches()) {
                throw ApiException.invalid(
                        field,
                        "label key '" + shorten(key) + "' has an invalid prefix: a DNS name such as example.com");
            }
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalid(
                    field,
                    "label key '" + shorten(String.valueOf(key)) + "' must be 1 to 63 letters, digits, '-', '_' or '.',"
                            + " starting and ending with a letter or digit (optionally after a prefix such as example.com/)");
        }
        if (reserved(prefix)) {
            throw ApiException.invalid(
                    field, "label key '" + shorten(key) + "' uses a reserved prefix (" + prefix + ")");
        }
    }

    private static String value(String key, String value, String field) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && !NAME.matcher(v).matches()) {
            throw ApiException.invalid(
                    field,
                    "the value of label '" + shorten(key) + "' must be empty or 1 to 63 letters, digits,"
                            + " '-', '_' or '.', starting and ending with a letter or digit");
        }
        return v;
    }

    /** Quotes at most 64 characters of what the caller sent, so a huge key is not echoed back. */
    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static boolean reserved(String prefix) {
        return prefix.equals("sandbox.dev")
                || prefix.endsWith(".sandbox.dev")
                || prefix.equals("kubernetes.io")
                || prefix.endsWith(".kubernetes.io")
                || prefix.equals("k8s.io")
                || prefix.endsWith(".k8s.io");
    }
}
