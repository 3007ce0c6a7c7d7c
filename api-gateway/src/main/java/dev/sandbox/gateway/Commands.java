package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.CommandDeserializer;
import java.util.ArrayList;
import java.util.List;

/** Reads a command given as a string (shell form) or a list of strings. */
final class Commands {
    private Commands() {}

    /** The argument list, or null when the field was absent; a 400 naming {@code field} when malformed. */
    static List<String> parse(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            if (node.asText().isBlank()) {
                throw ApiException.invalid(field, "'" + field + "' must not be blank");
            }
            return CommandDeserializer.shellForm(node.asText());
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw ApiException.invalid(field, "'" + field + "' must not be an empty list");
            }
            List<String> args = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw ApiException.invalid(
                            field + "[" + i + "]", "every element of '" + field + "' must be a string");
                }
                args.add(node.get(i).asText());
            }
            return args;
        }
        throw ApiException.invalid(field, "'" + field + "' must be a string or a list of strings");
    }
}
