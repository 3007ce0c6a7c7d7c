package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampedLinesTest {
    @Test
    void readsSecondsAndMicrosecondsOfALine() {
        assertThat(TimestampedLines.printedAtMicros("T 1795710936 5184")).hasValue(1795710936_005184L);
        assertThat(TimestampedLines.printedAtMicros("T   1795710936   664433  "))
                .hasValue(1795710936_664433L);
        assertThat(TimestampedLines.printedAtMicros("hello")).isEmpty();
    }

    @Test
    void delayIsReceiveTimeMinusPrintTime() {
        assertThat(TimestampedLines.delayMs("T 100 500000", 100_502_500L)).hasValue(2.5);
    }

    @Test
    void theCommandPrintsTheAskedNumberOfLinesThatFarApart() {
        List<String> command = TimestampedLines.command(5, 100);
        assertThat(command.subList(0, 2)).containsExactly("sh", "-c");
        assertThat(command.get(2))
                .contains("-lt 5 ]")
                .contains("sleep 0.1;")
                .contains("adjtimex")
                .contains("echo T $s $u");
    }

    @Test
    void theClockHasMicroseconds() {
        long before = System.currentTimeMillis() * 1000;
        long now = TimestampedLines.nowMicros();
        assertThat(now).isBetween(before, before + 60_000_000L);
    }
}
