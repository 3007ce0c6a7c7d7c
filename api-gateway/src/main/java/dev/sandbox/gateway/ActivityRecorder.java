package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.ActivityRecord;
import dev.sandbox.db.DaemonThreads;
import dev.sandbox.db.SandboxActivity;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that a sandbox was used, and how, cheaply: a call only updates an in-memory map (one entry per sandbox, latest time
 * wins), and a background thread writes the map to PostgreSQL in one batch every few seconds. The operators' idle
 * clean-up reads it from there, so it survives restarts of either process; at most one flush interval of activity is
 * lost when the gateway dies, which only makes a sandbox look idle a few seconds early. Each call is also counted by its
 * {@link ActivityKind}, and the latest kind per sandbox is kept for this process's own reporting.
 */
final class ActivityRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActivityRecorder.class);

    private final SandboxActivity store;
    private final ConcurrentHashMap<String, ActivityRecord> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("activity-flush"));
    private final ScheduledFuture<?> flushing;
    private final Consumer<ActivityKind> counter;
    private volatile boolean failing;
    /** Last call per sandbox id, for this process's own reporting; the durable record is the one in PostgreSQL. */
    private final ConcurrentHashMap<String, LastActivity> lastById = new ConcurrentHashMap<>();

    /**
     * @param flushInterval how often what was noted goes to PostgreSQL
     * @param counter counts each call by its kind (the gateway's metrics)
     */
    ActivityRecorder(SandboxActivity store, Duration flushInterval, Consumer<ActivityKind> counter) {
        this.store = store;
        this.counter = counter;
        long period = flushInterval.toMillis();
        this.flushing = flusher.scheduleWithFixedDelay(this::flush, period, period, TimeUnit.MILLISECONDS);
    }

    /** Notes one call of {@code kind} on this sandbox now. */
    void record(Sandbox sandbox, ActivityKind kind) {
        counter.accept(kind);
        String uid = sandbox.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        ActivityRecord now = new ActivityRecord(
                uid, sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName(), Instant.now());
        lastById.put(sandbox.getMetadata().getName(), new LastActivity(now.lastActivityAt(), kind));
        pending.merge(uid, now, ActivityRecorder::later);
    }

    /** The last call this gateway saw on the sandbox, if it has seen one since it started. */
    Optional<LastActivity> lastActivity(String sandboxId) {
        return Optional.ofNullable(lastById.get(sandboxId));
    }

    private static ActivityRecord later(ActivityRecord a, ActivityRecord b) {
        return a.lastActivityAt().isAfter(b.lastActivityAt()) ? a : b;
    }

    /** Writes what was noted since the last flush; on failure it is kept for the next one. */
    void flush() {
        List<ActivityRecord> batch = new ArrayList<>();
        for (String uid : pending.keySet()) {
            ActivityRecord r = pending.remove(uid);
            if (r != null) {
                batch.add(r);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.record(batch);
            if (failing) {
                failing = false;
                log.info("sandbox activity is written to PostgreSQL again");
            }
        } catch (SQLException | RuntimeException e) {
            batch.forEach(r -> pending.merge(r.sandboxUid(), r, ActivityRecorder::later));
            if (!failing) {
                failing = true;
                log.warn(
                        "cannot write sandbox activity to PostgreSQL ({}); keeping it in memory and retrying",
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        flushing.cancel(false);
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
