package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests and unary answers of the Connect protocol with the JSON codec, as the E2B SDKs send them to envd: unary
 * calls are a plain JSON POST ({@code application/json}); server-streaming calls carry their one request message in an
 * envelope ({@code application/connect+json}) and are answered by a {@link ConnectStream}.
 */
final class ConnectCalls {
    private ConnectCalls() {}

    /** Whether the call is a streaming one (its request and answer are enveloped). */
    static boolean streaming(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.startsWith(ConnectStream.CONTENT_TYPE);
    }

    /** The request message; an empty body is the empty message. */
    static JsonNode request(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        byte[] json = body;
        if (streaming(ctx)) {
            if (body.length < 5) {
                throw new RpcException(ConnectCode.INVALID_ARGUMENT, "a streaming request needs an enveloped message");
            }
            if ((body[0] & 0x01) != 0) {
                throw new RpcException(
                        ConnectCode.UNIMPLEMENTED, "compressed messages are not supported; send them uncompressed");
            }
            int length =
                    ((body[1] & 0xff) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
            if (length < 0 || 5 + length > body.length) {
                throw new RpcException(ConnectCode.INVALID_ARGUMENT, "the request envelope is cut short");
            }
            json = java.util.Arrays.copyOfRange(body, 5, 5 + length);
        }
        if (json.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new RpcException(ConnectCode.INVALID_ARGUMENT, "the request message must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RpcException(
                    ConnectCode.INVALID_ARGUMENT, "the request message is not valid JSON: " + e.getMessage());
        }
    }

    static void unary(Context ctx, Object message) {
        ctx.status(200).contentType("application/json").result(Json.write(message));
    }

    /** A unary error: the HTTP status of the code and {@code {"code", "message"}}. */
    static void unaryError(Context ctx, RpcException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", error.code().wire());
        body.put("message", String.valueOf(error.getMessage()));
        ctx.status(error.httpStatus()).contentType("application/json").result(Json.write(body));
    }

    /** The client's deadline ({@code Connect-Timeout-Ms}) in milliseconds from now, or 0 for none. */
    static long timeoutMillis(Context ctx) {
        String value = ctx.header("Connect-Timeout-Ms");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new RpcException(
                    ConnectCode.INVALID_ARGUMENT, "Connect-Timeout-Ms must be a whole number of milliseconds");
        }
    }

    /** How often to send a keepalive message on a quiet stream: what the client asks for (in seconds), at most 30 s. */
    static long keepaliveMillis(Context ctx) {
        String value = ctx.header("Keepalive-Ping-Interval");
        long seconds = 30;
        if (value != null) {
            try {
                seconds = Math.max(1, Math.min(30, Long.parseLong(value.trim())));
            } catch (NumberFormatException ignored) {
                // Keep the default.
            }
        }
        return seconds * 1000;
    }

    /** A text field of the request, or null when absent. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'" + field + "' must be a string");
        }
        return value.asText();
    }
}
