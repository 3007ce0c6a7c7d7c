package dev.sandbox.operator.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.StrictJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's JSON: {@link StrictJson} as the gateway reads it, with its errors as 400 answers naming the field. */
final class AgentJson {
    static final ObjectMapper MAPPER = StrictJson.MAPPER;

    private AgentJson() {}

    static <T> T read(String body, Class<T> type) {
        try {
            return StrictJson.read(body, type);
        } catch (StrictJson.InvalidJsonException e) {
            throw AgentException.invalid(e.field(), e.getMessage());
        }
    }

    static String write(Object value) {
        return StrictJson.write(value);
    }

    /** The error body shared by every component: {@code {"error": {"code", "message", "field"}}}. */
    static String error(String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return write(Map.of("error", error));
    }
}
