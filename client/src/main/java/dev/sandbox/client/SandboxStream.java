package dev.sandbox.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Items the gateway streams as they happen: command output ({@link CommandStream}), log lines, statistics. Consume a
 * stream once, either by iterating it ({@code for (T item : stream)}, blocking) or by subscribing a
 * {@link Flow.Subscriber}, which gets items only as fast as it requests them. Nothing is read from the network until
 * then, and never faster than the consumer takes items, so a slow consumer slows the source instead of filling memory.
 *
 * <p>Failures arrive as {@link SandboxException}s: from {@link Iterator#hasNext()} when iterating, through
 * {@link Flow.Subscriber#onError(Throwable)} when subscribed. Close the stream to stop early; for a command that kills
 * it. Closing is safe at any time and from any thread.
 *
 * @param <T> the item type
 */
public class SandboxStream<T> implements Flow.Publisher<T>, Iterable<T>, AutoCloseable {

    /** Opens the HTTP response; runs on the stream's own thread. */
    @FunctionalInterface
    interface Opener {
        HttpResponse<InputStream> open() throws IOException, InterruptedException;
    }

    /** Turns events into items. */
    interface Decoder<T> {
        void event(String name, String data, Consumer<T> emit) throws IOException;

        /** The stream ended normally: deliver what is still held back. */
        default void end(Consumer<T> emit) {}

        /**
         * Whether the stream has said its last word (a command's exit). A stream that ends before that was cut off: the
         * gateway went away, or the connection broke.
         */
        default boolean complete() {
            return true;
        }
    }

    private static final Object END = new Object();

    private final Opener opener;
    private final Decoder<T> decoder;
    private final ObjectMapper json;
    private final Clock clock;
    private final String method;
    private final URI uri;
    private final AtomicBoolean consumed = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Object lock = new Object();
    private long demand;
    private volatile boolean cancelled;
    private volatile InputStream body;
    private Flow.Subscriber<? super T> subscriber;

    SandboxStream(Opener opener, Decoder<T> decoder, ObjectMapper json, Clock clock, String method, URI uri) {
        this.opener = opener;
        this.decoder = decoder;
        this.json = json;
        this.clock = clock;
        this.method = method;
        this.uri = uri;
    }

    /**
     * Starts the stream for one subscriber. A second subscriber (or an iteration after a subscription) gets
     * {@link IllegalStateException} through {@code onError}.
     *
     * @param subscriber receives the items, then {@code onComplete} or {@code onError}
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!consumed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("a sandbox stream can be consumed only once"));
            return;
        }
        this.subscriber = subscriber;
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    close();
                    fail(new IllegalArgumentException("request(" + n + "): the amount must be positive"));
                    return;
                }
                synchronized (lock) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    lock.notifyAll();
                }
            }

            @Override
            public void cancel() {
                close();
            }
        });
        Thread reader = new Thread(this::run, "sandbox-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Iterates the items, blocking until each arrives. {@code hasNext()} throws the stream's failure as a
     * {@link SandboxException}.
     *
     * @return the one iterator of this stream
     */
    @Override
    public Iterator<T> iterator() {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        subscribe(new Flow.Subscriber<T>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(1);
            }

            @Override
            public void onNext(T item) {
                queue.add(item);
            }

            @Override
            public void onError(Throwable error) {
                queue.add(new Failure(error));
            }

            @Override
            public void onComplete() {
                queue.add(END);
            }
        });
        return new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        close();
                        throw new SandboxException("interrupted while waiting for the stream", e);
                    }
                }
                if (next instanceof Failure failure) {
                    Throwable error = failure.error();
                    if (error instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new SandboxException("the stream failed: " + error, error);
                }
                return next != END;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream has ended");
                }
                T item = (T) next;
                next = null;
                subscription[0].request(1);
                return item;
            }
        };
    }

    /**
     * The items as a sequential {@link Stream}; closing that stream closes this one.
     *
     * @return a stream over {@link #iterator()}
     */
    public Stream<T> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                        false)
                .onClose(this::close);
    }

    /** Stops the stream (a streamed command is killed); items not yet delivered are dropped. */
    @Override
    public void close() {
        cancelled = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        closeBody();
        if (finished.compareAndSet(false, true)) {
            onFinished(new SandboxException("the stream was closed before it ended", null));
        }
    }

    /** Called once when the stream ends: {@code error} is null when it completed normally. */
    void onFinished(Throwable error) {}

    private void run() {
        try {
            HttpResponse<InputStream> response = opener.open();
            body = response.body();
            if (cancelled) {
                closeBody();
                return;
            }
            if (response.statusCode() / 100 != 2) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                fail(GatewayErrors.fromAnswer(response.statusCode(), text, response.headers(), json, clock));
                return;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null && !cancelled; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        dispatch(event, data.toString());
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "")
                            .append(line.substring("data:".length()).stripLeading());
                }
            }
            if (!cancelled) {
                if (!decoder.complete()) {
                    // What arrived is delivered; then the consumer learns that the rest never will.
                    decoder.end(this::emit);
                    fail(new SandboxConnectionException(
                            "the connection to the gateway ended before the stream did (" + method + " " + uri
                                    + "): the gateway stopped or the network broke; what happened after the last item received is unknown",
                            null));
                    return;
                }
                decoder.end(this::emit);
                complete();
            }
        } catch (Cancelled e) {
            // The consumer closed the stream; nothing more to tell it.
        } catch (IOException e) {
            if (!cancelled) {
                fail(GatewayErrors.fromTransport(e, method, uri));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new SandboxException("interrupted while opening the stream", e));
        } catch (RuntimeException e) {
            if (!cancelled) {
                fail(e instanceof SandboxException ? e : new SandboxException("the stream failed: " + e, e));
            }
        } finally {
            closeBody();
        }
    }

    private void dispatch(String event, String data) throws IOException {
        if (event.equals("error")) {
            String message = json.readTree(data).path("message").asText("the stream failed on the gateway");
            throw new SandboxOperationException(message, null);
        }
        decoder.event(event, data, this::emit);
    }

    private void emit(T item) {
        synchronized (lock) {
            while (demand == 0 && !cancelled) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled();
                }
            }
            if (cancelled) {
                throw new Cancelled();
            }
            demand--;
        }
        subscriber.onNext(item);
    }

    private void complete() {
        if (finished.compareAndSet(false, true)) {
            onFinished(null);
            subscriber.onComplete();
        }
    }

    private void fail(Throwable error) {
        if (finished.compareAndSet(false, true)) {
            onFinished(error);
            subscriber.onError(error);
        }
    }

    private void closeBody() {
        InputStream open = body;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // Closing is best effort; the connection is dropped either way.
            }
        }
    }

    /** The consumer went away while an item waited for demand. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    private record Failure(Throwable error) {}
}
