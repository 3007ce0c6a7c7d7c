package dev.sandbox.cli;

import dev.sandbox.client.SandboxInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers for what the commands print. */
final class Output {
    private Output() {}

    /** Refuses an {@code -o} value the command does not know. */
    static void check(String format, String... known) {
        if (!Arrays.asList(known).contains(format)) {
            throw new CliException(
                    ExitCodes.USAGE, "unknown output format '" + format + "'; use one of " + String.join(", ", known));
        }
    }

    /** How long ago, the way people say it: 42s, 5m, 3h, 2d. */
    static String age(Instant since, Instant now) {
        if (since == null) {
            return "-";
        }
        long seconds = Math.max(0, Duration.between(since, now).toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        if (seconds < 172800) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /** Bytes as people read them: 512B, 1.5KiB, 20.0MiB. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f%s", value, units[unit]);
    }

    /** The row of {@code sandbox ls} for one sandbox. */
    static List<String> row(SandboxInfo s, Instant now) {
        String ports = s.ports().stream()
                .map(p -> p.external() == null ? String.valueOf(p.internal()) : p.external() + "->" + p.internal())
                .collect(Collectors.joining(","));
        String labels = s.labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return List.of(
                s.id(),
                s.phase(),
                String.valueOf(s.image()),
                s.resources() == null ? "-" : String.valueOf(s.resources().cpu()),
                s.resources() == null ? "-" : String.valueOf(s.resources().memory()),
                ports.isEmpty() ? "-" : ports,
                labels.isEmpty() ? "-" : labels,
                age(s.createdAt(), now));
    }

    static final List<String> HEADER = List.of("ID", "PHASE", "IMAGE", "CPU", "MEMORY", "PORTS", "LABELS", "AGE");
}
