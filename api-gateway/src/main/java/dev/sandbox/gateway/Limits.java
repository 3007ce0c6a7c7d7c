package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Quantities;
import dev.sandbox.db.TenantLimits;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code limits} object of the administration API: reading it (with bounds, each error naming its field) and
 * writing it back in the same form. {@code null} (or an omitted field on creation) means no limit of that kind.
 */
final class Limits {
    static final int MAX_SANDBOXES = 100_000;
    static final long MAX_CPU_MILLIS = 100_000_000L;
    /** One PiB: far above any cluster, far below where byte arithmetic could overflow. */
    static final long MAX_BYTES = 1L << 50;

    static final int MAX_REQUESTS_PER_SECOND = 100_000;
    private static final Set<String> FIELDS = Set.of("sandboxes", "cpu", "memory", "disk", "requestsPerSecond");

    private Limits() {}

    /**
     * Reads {@code node} on top of {@code base}: a field present replaces the base's value (null removes that limit), a
     * field left out keeps it.
     */
    static TenantLimits read(JsonNode node, TenantLimits base) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw ApiException.invalid(
                    "limits",
                    "'limits' must be an object with any of "
                            + String.join(", ", FIELDS.stream().sorted().toList()));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.invalid(
                        "limits." + Errors.quoted(name, 64),
                        "unknown limit; known limits: "
                                + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        Integer sandboxes = node.has("sandboxes")
                ? (Integer) whole(node.get("sandboxes"), "sandboxes", 0, MAX_SANDBOXES)
                : base.sandboxes();
        Long cpu = node.has("cpu") ? cpuMillis(node.get("cpu")) : base.cpuMillis();
        Long memory = node.has("memory") ? size(node.get("memory"), "memory") : base.memoryBytes();
        Long disk = node.has("disk") ? size(node.get("disk"), "disk") : base.diskBytes();
        Integer rps = node.has("requestsPerSecond")
                ? (Integer) whole(node.get("requestsPerSecond"), "requestsPerSecond", 1, MAX_REQUESTS_PER_SECOND)
                : base.requestsPerSecond();
        return new TenantLimits(sandboxes, cpu, memory, disk, rps);
    }

    /** The JSON form: cpu in cores, memory and disk as sizes such as {@code 8g}. */
    static Map<String, Object> write(TenantLimits limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sandboxes", limits.sandboxes());
        out.put("cpu", limits.cpuMillis() == null ? null : cores(limits.cpuMillis()));
        out.put("memory", limits.memoryBytes() == null ? null : size(limits.memoryBytes()));
        out.put("disk", limits.diskBytes() == null ? null : size(limits.diskBytes()));
        out.put("requestsPerSecond", limits.requestsPerSecond());
        return out;
    }

    /** Usage in the same units as the limits. */
    static Map<String, Object> write(TenantUsage usage) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sandboxes", usage.sandboxes());
        out.put("cpu", cores(usage.cpuMillis()));
        out.put("memory", size(usage.memoryBytes()));
        out.put("disk", size(usage.diskBytes()));
        return out;
    }

    private static Integer whole(JsonNode value, String name, int min, int max) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw ApiException.invalid(
                    "limits." + name,
                    "'limits." + name + "' must be a whole number from " + min + " to " + max + ", or null for none");
        }
        return value.intValue();
    }

    private static Long cpuMillis(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal millis = value.decimalValue().movePointRight(3);
            if (millis.signum() >= 0
                    && millis.compareTo(BigDecimal.valueOf(MAX_CPU_MILLIS)) <= 0
                    && millis.stripTrailingZeros().scale() <= 0) {
                return millis.longValueExact();
            }
        }
        throw ApiException.invalid(
                "limits.cpu",
                "'limits.cpu' must be a number of cores from 0 to " + MAX_CPU_MILLIS / 1000
                        + " with at most 3 decimals, or null for none");
    }

    private static Long size(JsonNode value, String name) {
        if (value.isNull()) {
            return null;
        }
        long bytes;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            bytes = value.longValue();
        } else if (value.isTextual() && value.asText().length() <= 32) {
            try {
                bytes = Quantities.parseBytes(value.asText());
            } catch (IllegalArgumentException e) {
                bytes = -1;
            }
        } else {
            bytes = -1;
        }
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw ApiException.invalid(
                    "limits." + name,
                    "'limits." + name + "' must be a size such as 8g (b, k, m, g suffixes) or a number of bytes,"
                            + " at most " + size(MAX_BYTES) + ", or null for none");
        }
        return bytes;
    }

    static double cores(long millis) {
        return millis / 1000.0;
    }

    static String size(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "g";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "m";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "k";
        }
        return Long.toString(bytes);
    }
}
