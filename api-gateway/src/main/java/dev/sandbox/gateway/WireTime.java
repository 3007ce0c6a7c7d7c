package dev.sandbox.gateway;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps of the custom resources (RFC 3339 text) as the SDK's models hold them. The models write an
 * {@link Instant} back as its ISO-8601 text, which is the text the resources carry: Kubernetes writes whole seconds in
 * UTC and the operator writes {@code Instant.toString()}, so the JSON on the wire is what the resource says.
 */
final class WireTime {
    private WireTime() {}

    /**
     * The instant of an RFC 3339 timestamp, or null for null. A text that is no timestamp (an annotation edited by hand
     * with kubectl) is left out as null too, so that one bad value cannot fail every answer that lists the resource.
     */
    static Instant of(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
