package dev.sandbox.operator.agent;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code text/event-stream} response written by hand (Javalin's own SSE support answers GET only and needs
 * {@code Accept: text/event-stream}). A comment line goes out every {@code keepalive} so that a client that went away
 * is noticed even while the command is silent: the failed write runs {@code onBroken}, which kills the command.
 */
final class SseStream implements AutoCloseable {
    private final HttpServletResponse response;
    private final ScheduledExecutorService scheduler;
    private final Duration keepalive;
    private OutputStream out;
    private ScheduledFuture<?> pinger;
    private Runnable onBroken = () -> {};
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean broken;

    /** Sets the headers; nothing is sent until the first event or {@link #start(Runnable)}. */
    SseStream(HttpServletResponse response, ScheduledExecutorService scheduler, Duration keepalive) {
        this.response = response;
        this.scheduler = scheduler;
        this.keepalive = keepalive;
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        // Tells nginx-style proxies in between not to buffer the stream.
        response.setHeader("X-Accel-Buffering", "no");
    }

    /** Sends the headers now and starts the keepalive comments; {@code whenBroken} runs once if the client goes away. */
    void start(Runnable whenBroken) {
        lock.lock();
        try {
            this.onBroken = whenBroken;
            write(": stream started\n\n");
            pinger = scheduler.scheduleAtFixedRate(
                    this::keepalive, keepalive.toMillis(), keepalive.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one event; {@code data} must be a single line (JSON written by Jackson is).
     *
     * @throws UncheckedIOException when the client has gone away
     */
    void event(String name, String data) {
        lock.lock();
        try {
            write("event: " + name + "\ndata: " + data + "\n\n");
        } finally {
            lock.unlock();
        }
    }

    boolean broken() {
        return broken;
    }

    private void keepalive() {
        // An event being written right now keeps the connection busy enough; a comment is only for silent streams.
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!broken) {
                write(": keepalive\n\n");
            }
        } catch (UncheckedIOException e) {
            // onBroken has run; the stream's owner finishes up.
        } finally {
            lock.unlock();
        }
    }

    private void write(String text) {
        if (broken) {
            throw new UncheckedIOException(new IOException("the client has gone away"));
        }
        try {
            if (out == null) {
                out = response.getOutputStream();
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
            if (pinger != null) {
                pinger.cancel(false);
            }
            onBroken.run();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (pinger != null) {
                pinger.cancel(false);
            }
        } finally {
            lock.unlock();
        }
    }
}
