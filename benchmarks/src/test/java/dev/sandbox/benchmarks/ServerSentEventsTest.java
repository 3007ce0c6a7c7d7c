package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
    private static List<ServerSentEvents.Event> feed(String... lines) {
        ServerSentEvents parser = new ServerSentEvents();
        List<ServerSentEvents.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.feed(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void namedEventsEndAtABlankLine() {
        assertThat(feed(
                        "event: stdout",
                        "data: {\"data\":\"hi\\n\"}",
                        "",
                        ": keepalive",
                        "",
                        "event: exit",
                        "data: {\"exitCode\":0}",
                        ""))
                .containsExactly(
                        new ServerSentEvents.Event("stdout", "{\"data\":\"hi\\n\"}"),
                        new ServerSentEvents.Event("exit", "{\"exitCode\":0}"));
    }

    @Test
    void dataLinesJoinAndUnnamedEventsAreMessages() {
        assertThat(feed("data:a", "data: b", "")).containsExactly(new ServerSentEvents.Event("message", "a\nb"));
    }

    @Test
    void anEventWithoutDataIsNoEvent() {
        assertThat(feed("event: ping", "", "data: x")).isEmpty();
    }
}
