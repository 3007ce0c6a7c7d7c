package dev.sandbox.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of a Connect server-streaming call over HTTP/1.1 with the JSON codec: status 200,
 * {@code application/connect+json}, then enveloped messages (one flag byte, a 4-byte big-endian length, the JSON),
 * the last one flagged end-of-stream and carrying the error, if any. Each message is flushed at once.
 */
final class ConnectStream {
    static final String CONTENT_TYPE = "application/connect+json";
    private static final int END_STREAM = 0x02;

    private final HttpServletResponse response;
    private OutputStream out;
    private boolean ended;

    ConnectStream(HttpServletResponse response) {
        this.response = response;
    }

    /** Sends one message; an {@link IOException} means the client has gone. */
    synchronized void send(Object message) throws IOException {
        write(0, Json.write(message));
    }

    /** Ends the stream successfully. */
    synchronized void end() throws IOException {
        if (!ended) {
            ended = true;
            write(END_STREAM, "{}");
        }
    }

    /** Ends the stream with an error the client raises as a Connect error of that code. */
    synchronized void fail(RpcException error) throws IOException {
        if (!ended) {
            ended = true;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", Map.of("code", error.code().wire(), "message", String.valueOf(error.getMessage())));
            write(END_STREAM, Json.write(body));
        }
    }

    private void write(int flags, String json) throws IOException {
        if (out == null) {
            response.setStatus(200);
            response.setContentType(CONTENT_TYPE);
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            out = response.getOutputStream();
        }
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[5 + payload.length];
        frame[0] = (byte) flags;
        frame[1] = (byte) (payload.length >>> 24);
        frame[2] = (byte) (payload.length >>> 16);
        frame[3] = (byte) (payload.length >>> 8);
        frame[4] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 5, payload.length);
        out.write(frame);
        out.flush();
    }
}
