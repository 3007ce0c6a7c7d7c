package dev.sandbox.operator.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Collects one output stream up to a byte cap and remembers whether anything was cut. */
final class CappedOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int cap;
    private boolean truncated;

    CappedOutput(int cap) {
        this.cap = cap;
    }

    synchronized void write(byte[] chunk) {
        int room = cap - bytes.size();
        if (chunk.length > room) {
            truncated = true;
        }
        bytes.write(chunk, 0, Math.max(0, Math.min(room, chunk.length)));
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
