package dev.sandbox.crd;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a command given either as a list of arguments or as one string. A string is shell form, as in a Dockerfile:
 * it becomes {@code ["/bin/sh", "-c", string]}.
 */
public class CommandDeserializer extends JsonDeserializer<List<String>> {

    /** Turns a shell-form command line into the argument list that runs it. */
    public static List<String> shellForm(String commandLine) {
        return List.of("/bin/sh", "-c", commandLine);
    }

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return new ArrayList<>(shellForm(p.getText()));
        }
        if (token == JsonToken.START_ARRAY) {
            List<String> args = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw JsonMappingException.from(p, "every element of a command list must be a string");
                }
                args.add(p.getText());
            }
            return args;
        }
        throw JsonMappingException.from(p, "a command must be a string or a list of strings");
    }
}
