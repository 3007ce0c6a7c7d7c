package dev.sandbox.operator.mirror;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.db.DaemonThreads;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecord;
import dev.sandbox.db.SandboxRecords;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SandboxMirror} writing from one background thread. Mirror rows are coalesced per sandbox (only the latest
 * matters), history rows are queued in order; during a database outage both wait, bounded, and are written afterwards.
 */
public final class PostgresSandboxMirror implements SandboxMirror {
    private static final Logger log = LoggerFactory.getLogger(PostgresSandboxMirror.class);
    private static final int MAX_QUEUED_EVENTS = 100_000;

    private final SandboxRecords records;
    private final Map<String, SandboxRecord> upserts = new LinkedHashMap<>();
    private final Map<String, Instant> deletions = new LinkedHashMap<>();
    private final Deque<SandboxEventRecord> events = new ArrayDeque<>();
    private final Thread writer;
    private volatile boolean running = true;
    private boolean outage;

    public PostgresSandboxMirror(DataSource dataSource) {
        this.records = new SandboxRecords(dataSource);
        this.writer = DaemonThreads.start("sandbox-mirror", this::run);
    }

    @Override
    public void record(Sandbox sandbox) {
        SandboxStatus status = sandbox.getStatus();
        SandboxRecord row = new SandboxRecord(
                sandbox.getMetadata().getUid(),
                sandbox.getMetadata().getNamespace(),
                sandbox.getMetadata().getName(),
                sandbox.getMetadata().getLabels() == null
                        ? null
                        : sandbox.getMetadata().getLabels().get(Sandbox.TENANT_LABEL),
                imageOf(sandbox),
                status == null ? sandbox.getSpec().getNodeName() : status.getNodeName(),
                status == null || status.getPhase() == null
                        ? null
                        : status.getPhase().name(),
                status == null ? null : status.getReason(),
                status == null ? null : status.getMessage(),
                status == null ? null : status.getContainerId(),
                status == null || status.getRestartCount() == null ? 0 : status.getRestartCount(),
                Serialization.asJson(sandbox.getSpec()),
                status == null ? null : Serialization.asJson(status),
                createdAt(sandbox),
                null);
        synchronized (this) {
            upserts.put(row.uid(), row);
            notifyAll();
        }
    }

    @Override
    public void transition(Sandbox sandbox, String type, String reason, String message) {
        SandboxStatus status = sandbox.getStatus();
        SandboxEventRecord event = new SandboxEventRecord(
                sandbox.getMetadata().getUid(),
                sandbox.getMetadata().getNamespace(),
                sandbox.getMetadata().getName(),
                type,
                status == null || status.getPhase() == null
                        ? null
                        : status.getPhase().name(),
                reason,
                message,
                status == null ? sandbox.getSpec().getNodeName() : status.getNodeName(),
                Instant.now());
        synchronized (this) {
            if (events.size() >= MAX_QUEUED_EVENTS) {
                SandboxEventRecord dropped = events.removeFirst();
                log.warn(
                        "history queue is full while PostgreSQL is unreachable; dropped event {} of sandbox {}",
                        dropped.type(),
                        dropped.name());
            }
            events.addLast(event);
            notifyAll();
        }
    }

    @Override
    public void deleted(Sandbox sandbox) {
        synchronized (this) {
            record(sandbox);
            deletions.put(sandbox.getMetadata().getUid(), Instant.now());
            notifyAll();
        }
    }

    @Override
    public synchronized int pendingWrites() {
        return upserts.size() + deletions.size() + events.size();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                if (flushOnce()) {
                    backoff = Duration.ofMillis(500);
                    if (outage) {
                        outage = false;
                        log.info("PostgreSQL is reachable again; the sandbox mirror has caught up");
                    }
                    waitForWork(Duration.ofSeconds(1));
                } else {
                    waitForWork(Duration.ZERO);
                }
            } catch (SQLException | RuntimeException e) {
                if (!outage) {
                    outage = true;
                    log.warn(
                            "cannot write the sandbox mirror to PostgreSQL ({}); {} writes wait and reconciliation goes on",
                            e.getMessage(),
                            pendingWrites());
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0
                        ? Duration.ofSeconds(15)
                        : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes everything queued; returns true when the queues were empty afterwards. */
    private boolean flushOnce() throws SQLException {
        while (true) {
            SandboxEventRecord event;
            synchronized (this) {
                event = events.peekFirst();
            }
            if (event == null) {
                break;
            }
            writeOrDrop(() -> records.appendEvent(event), "history event " + event.type() + " of " + event.name());
            synchronized (this) {
                events.pollFirst();
            }
        }
        while (true) {
            SandboxRecord row;
            synchronized (this) {
                row = upserts.isEmpty() ? null : upserts.values().iterator().next();
            }
            if (row == null) {
                break;
            }
            writeOrDrop(() -> records.upsert(row), "mirror row of " + row.name());
            synchronized (this) {
                // Remove only if no newer version arrived meanwhile.
                upserts.remove(row.uid(), row);
            }
        }
        while (true) {
            Map.Entry<String, Instant> deletion;
            synchronized (this) {
                deletion = deletions.isEmpty()
                        ? null
                        : Map.entry(
                                deletions.keySet().iterator().next(),
                                deletions.values().iterator().next());
                if (deletion != null && upserts.containsKey(deletion.getKey())) {
                    return false;
                }
            }
            if (deletion == null) {
                break;
            }
            records.markDeleted(deletion.getKey(), deletion.getValue());
            synchronized (this) {
                deletions.remove(deletion.getKey(), deletion.getValue());
            }
        }
        synchronized (this) {
            return events.isEmpty() && upserts.isEmpty() && deletions.isEmpty();
        }
    }

    /**
     * Makes one write. A write the database rejects for its data (SQL state class 22 or 23) would fail forever and hold
     * up everything queued behind it, so it is logged and dropped; any other failure is thrown to be retried.
     */
    private static boolean writeOrDrop(SqlWrite write, String what) throws SQLException {
        try {
            write.run();
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                log.error("dropping the {}: PostgreSQL rejects it ({})", what, e.getMessage());
                return false;
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface SqlWrite {
        void run() throws SQLException;
    }

    /** Waits until there is something to write, the mirror stops, or {@code max} passed (at least a millisecond). */
    private synchronized void waitForWork(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(1, max.toMillis()) * 1_000_000L;
        while (events.isEmpty() && upserts.isEmpty() && deletions.isEmpty() && running) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String imageOf(Sandbox sandbox) {
        if (sandbox.getSpec().getImage() != null) {
            return sandbox.getSpec().getImage();
        }
        SandboxStatus status = sandbox.getStatus();
        return status != null && status.getImage() != null ? status.getImage() : "(built from its build context)";
    }

    private static Instant createdAt(Sandbox sandbox) {
        String ts = sandbox.getMetadata().getCreationTimestamp();
        try {
            return ts == null ? Instant.now() : Instant.parse(ts);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    /** Waits up to {@code timeout} for queued writes to be made; for orderly shutdown and tests. */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pendingWrites() == 0) {
                return true;
            }
            synchronized (this) {
                notifyAll();
            }
            Thread.sleep(20);
        }
        return pendingWrites() == 0;
    }

    @Override
    public void close() {
        try {
            drain(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        writer.interrupt();
    }
}
