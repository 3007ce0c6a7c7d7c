package dev.sandbox.operator.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Collects one output stream up to a byte cap and remembers whether anything was cut. */
final class CappedBuffer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int cap;
    private boolean truncated;

    CappedBuffer(int cap) {
        this.cap = cap;
    }

    synchronized void write(byte[] payload) {
        int room = cap - bytes.size();
        if (payload.length > room) {
            truncated = true;
        }
        bytes.write(payload, 0, Math.max(0, Math.min(room, payload.length)));
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
