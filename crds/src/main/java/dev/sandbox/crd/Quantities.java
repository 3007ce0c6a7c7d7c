package dev.sandbox.crd;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the memory and size notation used in specs: a number with an optional b, k, m or g suffix (powers of 1024). */
public final class Quantities {
    private static final Pattern SIZE = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)([bkmg]?)$");

    private Quantities() {}

    /**
     * Bytes denoted by {@code text}, e.g. {@code 512m} = 536870912.
     *
     * @throws IllegalArgumentException when the text is not such a size
     */
    public static long parseBytes(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a size is required, e.g. 512m or 1g");
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size: use a number with an optional b, k, m or g suffix, e.g. 512m or 1g");
        }
        long unit = switch (m.group(2)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return bytes.longValue();
    }
}
