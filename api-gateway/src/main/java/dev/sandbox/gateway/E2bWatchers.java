package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.db.DaemonThreads;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directory watching of envd: the streaming {@code WatchDir} and the polled watchers ({@code CreateWatcher},
 * {@code GetWatcherEvents}, {@code RemoveWatcher}), both on {@link DirectoryWatch}. Polled watchers live in this
 * gateway's memory and are dropped after 10 minutes without a {@code GetWatcherEvents}.
 */
final class E2bWatchers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(E2bWatchers.class);
    private static final long POLL_MILLIS = 200;
    private static final Duration UNUSED = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final E2bVolumeFiles files;
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("e2b-watchers"));

    private final ScheduledFuture<?> polling;

    E2bWatchers(E2bVolumeFiles files) {
        this.files = files;
        this.polling = poller.scheduleWithFixedDelay(this::pollAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static final class Watcher {
        final String sandboxUid;
        final DirectoryWatch watch;
        final List<DirectoryWatch.Change> pending = new ArrayList<>();
        volatile long lastRead = System.nanoTime();

        Watcher(String sandboxUid, DirectoryWatch watch) {
            this.sandboxUid = sandboxUid;
            this.watch = watch;
        }
    }

    /** {@code WatchDir}: a start message, then the changes as they are found, until the client leaves or its deadline. */
    void watchDir(Context ctx, E2bSandboxRef sandbox, JsonNode request) throws IOException {
        DirectoryWatch watch = open(sandbox, request);
        long deadline = deadline(ctx);
        long keepalive = ConnectCalls.keepaliveMillis(ctx);
        ConnectStream stream = new ConnectStream(ctx.res());
        stream.send(Map.of("start", Map.of()));
        long lastSent = System.nanoTime();
        try {
            while (deadline == 0 || System.nanoTime() - deadline < 0) {
                Thread.sleep(POLL_MILLIS);
                List<DirectoryWatch.Change> changes;
                try {
                    changes = watch.poll();
                } catch (RpcException e) {
                    stream.fail(
                            e.code() == ConnectCode.NOT_FOUND
                                    ? new RpcException(ConnectCode.NOT_FOUND, "the watched directory is gone")
                                    : e);
                    return;
                }
                for (DirectoryWatch.Change change : changes) {
                    stream.send(Map.of("filesystem", event(change)));
                    lastSent = System.nanoTime();
                }
                if (System.nanoTime() - lastSent > TimeUnit.MILLISECONDS.toNanos(keepalive)) {
                    stream.send(Map.of("keepalive", Map.of()));
                    lastSent = System.nanoTime();
                }
            }
            stream.fail(new RpcException(ConnectCode.DEADLINE_EXCEEDED, "the watch reached its timeout"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            log.debug("client of a directory watch left: {}", gone.toString());
        }
    }

    Object createWatcher(E2bSandboxRef sandbox, JsonNode request) {
        DirectoryWatch watch = open(sandbox, request);
        String id = HexFormat.of().formatHex(randomBytes());
        watchers.put(id, new Watcher(sandbox.target().uid(), watch));
        return Map.of("watcherId", id);
    }

    Object events(E2bSandboxRef sandbox, JsonNode request) {
        Watcher watcher = watcher(sandbox, request);
        watcher.lastRead = System.nanoTime();
        List<Map<String, Object>> events = new ArrayList<>();
        synchronized (watcher.pending) {
            watcher.pending.forEach(c -> events.add(event(c)));
            watcher.pending.clear();
        }
        return Map.of("events", events);
    }

    Object remove(E2bSandboxRef sandbox, JsonNode request) {
        watcher(sandbox, request);
        watchers.remove(ConnectCalls.text(request, "watcherId"));
        return Map.of();
    }

    private Watcher watcher(E2bSandboxRef sandbox, JsonNode request) {
        String id = ConnectCalls.text(request, "watcherId");
        Watcher watcher = id == null ? null : watchers.get(id);
        if (watcher == null || !watcher.sandboxUid.equals(sandbox.target().uid())) {
            throw new RpcException(ConnectCode.NOT_FOUND, "no watcher '" + id + "'");
        }
        return watcher;
    }

    private DirectoryWatch open(E2bSandboxRef sandbox, JsonNode request) {
        String absolute = E2bPaths.absolute(sandbox.home(), ConnectCalls.text(request, "path"));
        String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
        if (request.path("allowNetworkMounts").asBoolean(false)) {
            throw new RpcException(ConnectCode.UNIMPLEMENTED, "watching network mounts is not supported");
        }
        try {
            return new DirectoryWatch(
                    files, sandbox.target(), onVolume, request.path("recursive").asBoolean(false));
        } catch (RpcException e) {
            throw e.code() == ConnectCode.FAILED_PRECONDITION
                    ? new RpcException(ConnectCode.INVALID_ARGUMENT, "not a directory: " + absolute)
                    : e;
        }
    }

    private void pollAll() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Watcher>> all = watchers.entrySet().iterator(); all.hasNext(); ) {
            Map.Entry<String, Watcher> e = all.next();
            Watcher watcher = e.getValue();
            if (now - watcher.lastRead > UNUSED.toNanos()) {
                all.remove();
                continue;
            }
            try {
                List<DirectoryWatch.Change> changes = watcher.watch.poll();
                synchronized (watcher.pending) {
                    watcher.pending.addAll(changes);
                    if (watcher.pending.size() > MAX_PENDING) {
                        watcher.pending
                                .subList(0, watcher.pending.size() - MAX_PENDING)
                                .clear();
                    }
                }
            } catch (RuntimeException failure) {
                // The sandbox stopped or went away: the watcher has nothing to report until it is back or dropped.
                log.debug("watcher {} could not list its directory: {}", e.getKey(), failure.toString());
            }
        }
    }

    private static Map<String, Object> event(DirectoryWatch.Change change) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("name", change.name());
        event.put("type", change.type());
        return event;
    }

    private static long deadline(Context ctx) {
        long timeout = ConnectCalls.timeoutMillis(ctx);
        return timeout == 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        polling.cancel(false);
        poller.shutdownNow();
        watchers.clear();
    }
}
