package dev.sandbox.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors that Jetty finds before a request reaches the API (a malformed request line, a URI or headers
 * too large) in the API's JSON instead of Jetty's HTML page, and without Jetty's own words about the cause.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        String code;
        String text;
        switch (status) {
            case 400 -> {
                code = "invalid_request";
                text = "the HTTP request is malformed";
            }
            case 413 -> {
                code = "too_large";
                text = "the request body is too large";
            }
            case 414 -> {
                code = "uri_too_long";
                text = "the request URI is too long (at most 8 KiB): send large values in the body";
            }
            case 431 -> {
                code = "headers_too_large";
                text = "the request headers are too large (at most 8 KiB together)";
            }
            case 404 -> {
                code = "not_found";
                text = "no such endpoint";
            }
            case 405 -> {
                code = "method_not_allowed";
                text = "this method is not allowed here";
            }
            case 503 -> {
                code = "unavailable";
                text = "the gateway is busy or shutting down; try again shortly";
            }
            default -> {
                code = status >= 500 ? "internal" : "invalid_request";
                text = status >= 500 ? "internal error" : "the request was refused (HTTP " + status + ")";
            }
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", text);
        byte[] body = Json.write(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
