package dev.sandbox.operator.agent;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes {@code {"lines": [...]}} line by line as the engine delivers them, straight to the client. Nothing is
 * collected: a slow client slows the engine's stream down (the write blocks), so memory stays bounded whatever the
 * size of the log. The answer starts with the first line, so a failure before it can still be a JSON error.
 */
final class LogLinesWriter {
    private final HttpServletResponse response;
    private OutputStream out;
    private boolean first = true;
    private volatile boolean broken;

    LogLinesWriter(HttpServletResponse response) {
        this.response = response;
    }

    /**
     * Writes one line.
     *
     * @throws UncheckedIOException when the client has gone away (which ends the engine's stream)
     */
    synchronized void line(Map<String, Object> line) {
        if (broken) {
            throw new UncheckedIOException(new IOException("the client has gone away"));
        }
        try {
            if (out == null) {
                response.setStatus(200);
                response.setContentType("application/json");
                out = response.getOutputStream();
                out.write("{\"lines\":[".getBytes(StandardCharsets.UTF_8));
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write(AgentJson.write(line).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            broken = true;
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the answer has begun (then a later failure can only cut it short). */
    synchronized boolean started() {
        return out != null;
    }

    /** Ends the array and the object; with no line at all, writes the whole (empty) answer. */
    synchronized void finish() throws IOException {
        if (broken) {
            return;
        }
        if (out == null) {
            response.setStatus(200);
            response.setContentType("application/json");
            out = response.getOutputStream();
            out.write("{\"lines\":[".getBytes(StandardCharsets.UTF_8));
        }
        out.write("]}".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Stops writing: later lines are refused (the engine's stream ends). */
    void abandon() {
        broken = true;
    }
}
