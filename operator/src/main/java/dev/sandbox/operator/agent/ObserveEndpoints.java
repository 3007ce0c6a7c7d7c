package dev.sandbox.operator.agent;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandbox.client.SandboxStats;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerNotRunningException;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.LogLine;
import dev.sandbox.operator.runtime.RuntimeUnavailableException;
import io.javalin.http.Context;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Container logs ({@code GET .../logs}) and resource use ({@code GET .../stats}), once or as a stream. */
final class ObserveEndpoints {
    static final int DEFAULT_TAIL = 100;
    static final int MAX_TAIL = 100_000;
    /** How long one non-following read of the log may take in all (a slow client of a huge log reaches this). */
    private static final Duration LOG_READ_LIMIT = Duration.ofMinutes(30);

    private final ContainerIo io;
    private final SandboxLocator locator;
    private final ScheduledExecutorService scheduler;
    private final Duration keepalive;

    ObserveEndpoints(ContainerIo io, SandboxLocator locator, ScheduledExecutorService scheduler, Duration keepalive) {
        this.io = io;
        this.locator = locator;
        this.scheduler = scheduler;
        this.keepalive = keepalive;
    }

    /**
     * {@code ?tail=N|all&follow=true|false}. Without follow: {@code {"lines": [{"stream", "timestamp", "text"}]}}. With
     * follow: events {@code stdout}/{@code stderr} with {@code {"timestamp", "text"}} as lines come, and {@code end} when
     * the container stops. Works for stopped containers too.
     */
    void logs(Context ctx) throws Exception {
        int tail = tail(ctx.queryParam("tail"));
        boolean follow = QueryFlags.flag(ctx, "follow");
        ContainerState container = locator.container(ctx.pathParam("uid"));
        if (!follow) {
            // Streamed line by line: a log of hundreds of megabytes never sits in memory, whatever `tail` says.
            LogLinesWriter writer = new LogLinesWriter(ctx.res());
            CompletableFuture<Void> end = new CompletableFuture<>();
            try (Closeable stream = io.logs(
                    container.id(),
                    tail,
                    false,
                    line -> {
                        try {
                            writer.line(json(line));
                        } catch (UncheckedIOException gone) {
                            end.complete(null);
                            throw gone;
                        }
                    },
                    failure -> finish(end, failure))) {
                end.get(LOG_READ_LIMIT.toMinutes(), TimeUnit.MINUTES);
                writer.finish();
            } catch (TimeoutException e) {
                writer.abandon();
                if (!writer.started()) {
                    throw AgentException.unavailable(
                            "the container's logs did not arrive within " + LOG_READ_LIMIT.toMinutes() + " minutes");
                }
            } catch (ExecutionException e) {
                writer.abandon();
                if (!writer.started()) {
                    throw failure(e.getCause(), container);
                }
                // Cut short after it had begun: the client sees JSON that does not end.
            }
            return;
        }
        SseStream sse = new SseStream(ctx.res(), scheduler, keepalive);
        CompletableFuture<Void> end = new CompletableFuture<>();
        Closeable stream = io.logs(
                container.id(),
                tail,
                true,
                line -> {
                    try {
                        sse.event(line.stderr() ? "stderr" : "stdout", AgentJson.write(json(line)));
                    } catch (UncheckedIOException gone) {
                        end.complete(null);
                        throw gone;
                    }
                },
                failure -> finish(end, failure));
        awaitStream(sse, stream, end);
    }

    /** {@code ?stream=true|false}: one sample as JSON, or an event {@code stats} about every second. */
    void stats(Context ctx) throws Exception {
        boolean streaming = QueryFlags.flag(ctx, "stream");
        ContainerState container = locator.running(ctx.pathParam("uid"));
        if (!streaming) {
            try {
                NodeAgent.json(ctx, 200, io.currentStats(container.id()));
            } catch (ContainerNotRunningException e) {
                throw AgentException.conflict("the sandbox's container is not running: " + e.getMessage());
            }
            return;
        }
        SseStream sse = new SseStream(ctx.res(), scheduler, keepalive);
        CompletableFuture<Void> end = new CompletableFuture<>();
        Closeable stream = io.streamStats(
                container.id(),
                (SandboxStats sample) -> {
                    try {
                        sse.event("stats", AgentJson.write(sample));
                    } catch (UncheckedIOException gone) {
                        end.complete(null);
                        throw gone;
                    }
                },
                failure -> finish(end, failure));
        awaitStream(sse, stream, end);
    }

    /** Waits until the engine's stream ends or the client leaves; the engine stream is closed either way. */
    private static void awaitStream(SseStream sse, Closeable stream, CompletableFuture<Void> end) throws Exception {
        try (sse;
                stream) {
            sse.start(() -> end.complete(null));
            try {
                end.get();
                if (!sse.broken()) {
                    sse.event("end", "{}");
                }
            } catch (ExecutionException e) {
                if (!sse.broken()) {
                    sse.event(
                            "error",
                            AgentJson.write(Map.of(
                                    "message", String.valueOf(e.getCause().getMessage()))));
                }
            } catch (UncheckedIOException gone) {
                // The client left while the end was being sent.
            }
        }
    }

    private static void finish(CompletableFuture<Void> end, Throwable failure) {
        if (failure == null) {
            end.complete(null);
        } else {
            end.completeExceptionally(failure);
        }
    }

    private static RuntimeException failure(Throwable cause, ContainerState container) {
        if (cause instanceof NotFoundException) {
            return AgentException.notFound("the sandbox's container " + container.name() + " is gone");
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new RuntimeUnavailableException("reading logs failed: " + cause, cause);
    }

    private static Map<String, Object> json(LogLine line) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", line.stderr() ? "stderr" : "stdout");
        body.put("timestamp", line.timestamp());
        body.put("text", line.text());
        return body;
    }

    static int tail(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_TAIL;
        }
        if (value.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_TAIL) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw AgentException.invalid("tail", "'tail' must be a number of lines from 0 to " + MAX_TAIL + ", or 'all'");
    }
}
