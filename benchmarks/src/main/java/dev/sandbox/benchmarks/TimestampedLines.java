package dev.sandbox.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command that prints lines carrying the wall-clock time (microseconds) at which each was printed, and the reading of
 * such lines on the receiving side. Containers share the host's clock, so receive time minus print time is the delay
 * of the output path. Busybox's {@code date} has no sub-second format, but {@code adjtimex} reports the time in
 * microseconds and needs no capability to read it. Pure.
 */
final class TimestampedLines {
    private static final Pattern LINE = Pattern.compile("T\\s+(\\d+)\\s+(\\d+)\\s*");

    private TimestampedLines() {}

    /** {@code sh -c} command printing {@code count} lines {@code intervalMs} apart, each {@code T <seconds> <micros>}. */
    static List<String> command(int count, int intervalMs) {
        String script = "i=0; while [ $i -lt " + count + " ]; do"
                + " t=$(adjtimex); s=${t#*tv_sec:}; s=${s%%time.tv_usec*}; u=${t#*tv_usec:}; u=${u%%return*};"
                + " echo T $s $u; i=$((i+1)); sleep " + DockerRunArgs.cpus(intervalMs * 1_000_000L) + "; done";
        return List.of("sh", "-c", script);
    }

    /** The print time of a line in microseconds since the epoch, if the line is one of ours. */
    static OptionalLong printedAtMicros(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2)));
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Delay in milliseconds between the print time in {@code line} and {@code receivedMicros}, if the line is ours. */
    static java.util.OptionalDouble delayMs(String line, long receivedMicros) {
        OptionalLong printed = printedAtMicros(line);
        return printed.isPresent()
                ? java.util.OptionalDouble.of((receivedMicros - printed.getAsLong()) / 1000.0)
                : java.util.OptionalDouble.empty();
    }
}
