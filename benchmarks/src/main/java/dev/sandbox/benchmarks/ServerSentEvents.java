package dev.sandbox.benchmarks;

import java.util.Optional;

/** Reads a {@code text/event-stream} line by line and gives back each complete event. Not thread-safe; pure. */
final class ServerSentEvents {
    private String event;
    private StringBuilder data;

    /** One event: its name ({@code message} when none was given) and its data lines joined by newlines. */
    record Event(String name, String data) {}

    /** Feeds one line (without its line break); returns the event that a blank line completes. */
    Optional<Event> feed(String line) {
        if (line.isEmpty()) {
            if (data == null) {
                event = null;
                return Optional.empty();
            }
            Event done = new Event(event == null ? "message" : event, data.toString());
            event = null;
            data = null;
            return Optional.of(done);
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            event = value;
        } else if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return Optional.empty();
    }
}
