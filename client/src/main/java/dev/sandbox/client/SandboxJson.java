package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The JSON conventions of the gateway: the shared mapper and the codecs the models refer to. */
final class SandboxJson {

    /** The prefix the gateway puts in front of a command given as one string. */
    private static final List<String> SHELL_PREFIX = List.of("/bin/sh", "-c");

    private SandboxJson() {}

    /**
     * A mapper that omits null fields (the gateway rejects fields it does not know, so absent must stay absent) and
     * ignores unknown response fields (so newer gateways stay compatible).
     */
    static ObjectMapper newMapper() {
        return new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** The argument list the gateway runs for a command line given as one string. */
    static List<String> shellForm(String commandLine) {
        return List.of(SHELL_PREFIX.get(0), SHELL_PREFIX.get(1), commandLine);
    }

    /** Whether {@code args} is exactly what {@link #shellForm(String)} makes, so it can travel as one string. */
    static boolean isShellForm(List<String> args) {
        return args.size() == 3 && args.subList(0, 2).equals(SHELL_PREFIX);
    }

    /**
     * Writes a command list as the gateway reads it. The gateway turns a string into {@code ["/bin/sh", "-c", string]},
     * so a list of exactly that shape is sent back as the string: same meaning, and the request shows what the user
     * wrote.
     */
    static final class CommandSerializer extends JsonSerializer<List<String>> {
        @Override
        public void serialize(List<String> args, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (isShellForm(args)) {
                gen.writeString(args.get(2));
                return;
            }
            gen.writeStartArray();
            for (String arg : args) {
                gen.writeString(arg);
            }
            gen.writeEndArray();
        }
    }

    /** Reads an ISO-8601 timestamp with an offset ({@code 2026-11-26T15:00:00Z}) without needing jackson-datatype-jsr310. */
    static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text.trim(), Instant::from);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 timestamp");
            }
        }
    }

    /** Writes an {@link Instant} as its ISO-8601 text, so the response models can be serialized again. */
    static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }
}
