package dev.sandbox.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.StrictJson;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * The gateway's JSON: {@link StrictJson}, with its errors as 400 answers naming the field, and the SDK's records in the
 * form of the REST answers ({@link SandboxAnswerJson}).
 */
final class Json {
    static final ObjectMapper MAPPER = SandboxAnswerJson.on(StrictJson.MAPPER.copy());

    private Json() {}

    /** Reads a request body, turning every JSON problem into a 400 that names the field. */
    static <T> T read(String body, Class<T> type) {
        try {
            return StrictJson.read(body, type);
        } catch (StrictJson.InvalidJsonException e) {
            throw ApiException.invalid(e.field() == null ? null : Errors.quoted(e.field(), 200), plain(e.getMessage()));
        }
    }

    private static final Pattern JAVA_TYPE = Pattern.compile("`?\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)`?");

    /**
     * A parser's message as the caller may see it: Java type names become plain names (Integer, not java.lang.Integer)
     * and the whole is cut at 300 characters, so a huge input is never echoed back.
     */
    static String plain(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        String simple = JAVA_TYPE.matcher(message).replaceAll("$1");
        return Errors.quoted(simple, 300);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Answers the request with {@code body} as JSON and this status. */
    static void answer(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }
}
