package dev.sandbox.operator.agent;

import java.nio.charset.StandardCharsets;

/**
 * The most recent output of one stream of a background process, addressed by absolute byte offsets so a caller can
 * fetch only what is new: bytes {@code [start, end)} are held, at most {@code capacity} of them.
 */
final class OutputWindow {
    private final byte[] ring;
    private long end;

    OutputWindow(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] data) {
        for (byte b : data) {
            ring[(int) (end % ring.length)] = b;
            end++;
        }
    }

    /** What is held from {@code from} on (or from the oldest byte held, when {@code from} was dropped already). */
    synchronized Slice since(long from) {
        long start = Math.max(0, end - ring.length);
        long first = Math.max(from, start);
        if (first >= end) {
            return new Slice("", end, from < start);
        }
        byte[] out = new byte[(int) (end - first)];
        for (long i = first; i < end; i++) {
            out[(int) (i - first)] = ring[(int) (i % ring.length)];
        }
        return new Slice(new String(out, StandardCharsets.UTF_8), end, from < start);
    }

    /**
     * Output from an offset.
     *
     * @param text the bytes as UTF-8 text
     * @param next the offset to ask for next time
     * @param dropped whether output between the asked offset and the oldest byte held was dropped
     */
    record Slice(String text, long next, boolean dropped) {}
}
