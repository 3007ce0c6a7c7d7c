package dev.sandbox.operator.cleanup;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.DaemonThreads;
import dev.sandbox.db.SandboxActivity;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.kube.KubernetesEvents;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.monitor.OperatorMetrics;
import dev.sandbox.operator.network.SandboxFirewall;
import dev.sandbox.operator.runtime.ContainerRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's clean-up, one pass every interval: orphaned Docker objects, stale mirror rows, idle sandboxes. Each pass
 * starts from a fresh listing of the Sandboxes (not the informer cache, which may lag), and each step runs even when
 * another fails. Everything it decides on is stored in the resources, Docker or PostgreSQL, so a restart loses nothing
 * but the orphans' grace clock.
 */
public final class CleanupWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CleanupWorker.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final SandboxActivity activity;
    private final OrphanSweep orphans;
    private final StaleRecordSweep stale;
    private final IdleCleanup idle;
    private final SandboxFirewall firewall;
    private final OperatorMetrics metrics;
    private final SnapshotSweep snapshots;
    /** The periodic cleanup passes; they never throw (failures are logged), and stop with {@link #close()}. */
    private volatile ScheduledFuture<?> passes;

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-cleanup"));
    private Instant lastPrune = Instant.EPOCH;

    public CleanupWorker(
            KubernetesClient client,
            ContainerRuntime runtime,
            SandboxMirror mirror,
            DataSource database,
            OperatorMetrics metrics,
            OperatorConfig config,
            SandboxFirewall firewall) {
        this.client = client;
        this.firewall = firewall;
        this.metrics = metrics;
        this.config = config;
        this.activity = new SandboxActivity(database);
        CleanupReporter reporter = new CleanupReporter(
                new KubernetesEvents(client, "sandbox-operator", config.nodeName()), mirror, metrics);
        this.orphans = new OrphanSweep(client, runtime, reporter, config);
        this.stale = new StaleRecordSweep(new SandboxRecords(database), reporter, config);
        this.idle = new IdleCleanup(client, activity, reporter, config);
        this.snapshots = new SnapshotSweep(client, runtime, reporter, config);
    }

    public void start() {
        long period = config.cleanup().interval().toMillis();
        passes = scheduler.scheduleWithFixedDelay(this::passSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn(
                    "clean-up pass failed ({}); trying again in {} s",
                    e.toString(),
                    config.cleanup().interval().toSeconds());
        }
    }

    /** Runs one clean-up pass now. */
    public synchronized void pass() {
        Instant listedAt = Instant.now();
        List<Sandbox> all = (config.namespace() == null
                        ? client.resources(Sandbox.class).inAnyNamespace()
                        : client.resources(Sandbox.class).inNamespace(config.namespace()))
                .list()
                .getItems();
        Map<String, String> existing = new HashMap<>();
        Set<String> uids = new HashSet<>();
        for (Sandbox s : all) {
            existing.put(
                    s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
                    s.getMetadata().getUid());
            uids.add(s.getMetadata().getUid());
        }
        List<Sandbox> mine = all.stream()
                .filter(s -> s.getSpec() != null
                        && config.nodeName().equals(s.getSpec().getNodeName()))
                .toList();
        Instant now = Instant.now();

        try {
            orphans.sweep(existing, now);
        } catch (RuntimeException e) {
            log.warn("orphan sweep failed: {}", e.toString());
        }
        try {
            // Rules of sandbox bridges that are gone (their networks removed while no operator watched, or by hand),
            // and the
            // shared chains put back if someone flushed them.
            for (String bridge : firewall.sweep()) {
                log.info("clean-up: removed the firewall rules of vanished sandbox bridge {}", bridge);
                metrics.cleanup("firewall-rules");
            }
        } catch (RuntimeException e) {
            log.warn("firewall sweep failed: {}", e.getMessage());
        }
        try {
            snapshots.sweep(now);
        } catch (RuntimeException e) {
            log.warn("snapshot orphan sweep failed: {}", e.toString());
        }
        try {
            stale.sweep(uids, listedAt);
        } catch (SQLException | RuntimeException e) {
            log.warn("stale-record sweep failed (PostgreSQL: {}); trying again next pass", e.getMessage());
        }
        try {
            idle.check(mine, now);
        } catch (SQLException e) {
            log.warn(
                    "idle clean-up skipped: the activity of sandboxes cannot be read from PostgreSQL ({})",
                    e.getMessage());
        } catch (RuntimeException e) {
            log.warn("idle clean-up failed: {}", e.toString());
        }
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
            try {
                activity.pruneDeleted();
                lastPrune = now;
            } catch (SQLException e) {
                log.debug("cannot prune activity rows: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> scheduled = passes;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
