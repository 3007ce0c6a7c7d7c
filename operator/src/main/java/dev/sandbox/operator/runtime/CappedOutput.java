package dev.sandbox.operator.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects one output stream up to a byte cap and remembers whether anything was cut: for collected execs, here and in
 * the node agent.
 */
public final class CappedOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int cap;
    private boolean truncated;

    public CappedOutput(int cap) {
        this.cap = cap;
    }

    public synchronized void write(byte[] payload) {
        int room = cap - bytes.size();
        if (payload.length > room) {
            truncated = true;
        }
        bytes.write(payload, 0, Math.max(0, Math.min(room, payload.length)));
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public synchronized boolean truncated() {
        return truncated;
    }
}
