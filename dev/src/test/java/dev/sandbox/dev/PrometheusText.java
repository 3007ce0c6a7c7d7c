package dev.sandbox.dev;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must be a comment, a
 * {@code # HELP} / {@code # TYPE} line or a sample whose family was typed before, or parsing fails.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern TYPE =
            Pattern.compile("^# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)$");
    private static final Pattern HELP = Pattern.compile("^# HELP (" + NAME + ") .*$");
    private static final Pattern SAMPLE = Pattern.compile("^(" + NAME
            + ")(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\")*,?)?})?"
            + " ([-+]?(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+|NaN|Inf))(?: -?[0-9]+)?$");

    private PrometheusText() {}

    /** Every sample, keyed by its series as written ({@code name{labels}}), with its value. */
    static Map<String, Double> parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (HELP.matcher(line).matches() || line.startsWith("# ")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + lineNumber + " is not Prometheus text: " + line);
            }
            String name = sample.group(1);
            String family = name.replaceFirst("_(bucket|sum|count|total|created)$", "");
            if (!types.containsKey(name) && !types.containsKey(family)) {
                throw new IllegalArgumentException(
                        "line " + lineNumber + ": sample of " + name + " without a # TYPE line");
            }
            String value = sample.group(3);
            String series = name + (sample.group(2) == null ? "" : sample.group(2));
            if (samples.put(
                            series,
                            value.endsWith("Inf")
                                    ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                                    : Double.parseDouble(value))
                    != null) {
                throw new IllegalArgumentException("line " + lineNumber + ": series " + series + " appears twice");
            }
        }
        return samples;
    }
}
