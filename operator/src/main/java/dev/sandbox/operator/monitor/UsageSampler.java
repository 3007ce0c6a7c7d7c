package dev.sandbox.operator.monitor;

import dev.sandbox.db.DaemonThreads;
import dev.sandbox.db.UsageSampleRecord;
import dev.sandbox.db.UsageSamples;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.ContainerStats;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the resource use of this node's running sandboxes on a fixed interval. One pass lists the containers once,
 * reads each one's stats with a single one-shot call on a bounded pool (answered at once, without the engine's second
 * of priming, so hundreds of sandboxes take a few seconds), computes CPU use against the container's previous reading,
 * keeps the latest sample per sandbox for the status, writes all samples to PostgreSQL in one batch and updates the
 * metrics. Passes never overlap.
 */
public final class UsageSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageSampler.class);
    /** Old samples are pruned at most this often; pruning is a single indexed delete, done by every node. */
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final ContainerRuntime runtime;
    private final UsageCache cache;
    private final UsageSamples store;
    private final OperatorMetrics metrics;
    private final OperatorConfig config;
    private final BiConsumer<String, String> refreshStatus;
    /** The periodic sampling passes; they never throw (failures are logged), and stop with {@link #close()}. */
    private volatile ScheduledFuture<?> passes;

    private final ScheduledExecutorService scheduler;
    private final ExecutorService pool;
    /** Writes samples apart from sampling, so a slow or frozen database never delays the next pass. */
    private final ExecutorService writer;

    private volatile Instant lastPrune = Instant.EPOCH;
    private volatile boolean databaseDown;
    /** Samples not yet stored because PostgreSQL was unreachable, oldest first; bounded, the oldest go first when full. */
    private final java.util.ArrayDeque<UsageSampleRecord> backlog = new java.util.ArrayDeque<>();

    private static final int MAX_BACKLOG = 200_000;
    /** The previous reading of each running container, by container id, for CPU use between passes. */
    private final ConcurrentHashMap<String, ContainerStats> lastReadings = new ConcurrentHashMap<>();

    /**
     * @param refreshStatus asks for a reconcile of the sandbox (namespace, name) whose status usage is due
     */
    public UsageSampler(
            ContainerRuntime runtime,
            UsageCache cache,
            UsageSamples store,
            OperatorMetrics metrics,
            OperatorConfig config,
            BiConsumer<String, String> refreshStatus) {
        this.runtime = runtime;
        this.cache = cache;
        this.store = store;
        this.metrics = metrics;
        this.config = config;
        this.refreshStatus = refreshStatus;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("usage-sampler"));
        this.pool = Executors.newFixedThreadPool(
                config.monitoring().sampleParallelism(), DaemonThreads.numbered("usage-stats"));
        this.writer = Executors.newSingleThreadExecutor(DaemonThreads.numbered("usage-writer"));
    }

    public void start() {
        long period = config.monitoring().sampleInterval().toMillis();
        passes = scheduler.scheduleAtFixedRate(this::passSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            // Never let an exception cancel the schedule; the next pass tries again.
            log.warn("sampling pass failed: {}", e.toString());
        }
    }

    /** Runs one sampling pass now and returns the samples taken. */
    public synchronized List<UsageSample> pass() {
        long started = System.nanoTime();
        List<ContainerState> running =
                runtime.list(SandboxNames.nodeSelector(config.installation(), config.nodeName())).stream()
                        .filter(ContainerState::running)
                        .filter(c -> "sandbox".equals(c.labels().get(SandboxNames.ROLE)))
                        .filter(c -> c.labels().get(SandboxNames.UID) != null
                                && c.labels().get(SandboxNames.NAME) != null
                                && c.labels().get(SandboxNames.NAMESPACE) != null)
                        .filter(c -> config.namespace() == null
                                || config.namespace().equals(c.labels().get(SandboxNames.NAMESPACE)))
                        .toList();
        List<Future<Optional<UsageSample>>> pending = new ArrayList<>();
        for (ContainerState c : running) {
            pending.add(pool.submit(() -> runtime.statsNow(c.id()).map(reading -> {
                // CPU use over the time since this container's previous reading (the first reading of a container shows
                // 0).
                ContainerStats earlier = lastReadings.put(c.id(), reading);
                return new UsageSample(
                        c.labels().get(SandboxNames.UID),
                        c.labels().get(SandboxNames.NAMESPACE),
                        c.labels().get(SandboxNames.NAME),
                        reading.readAt(),
                        reading.use(earlier));
            })));
        }
        List<UsageSample> samples = new ArrayList<>();
        int failed = 0;
        String firstError = null;
        for (Future<Optional<UsageSample>> f : pending) {
            try {
                f.get().ifPresent(samples::add);
            } catch (ExecutionException e) {
                failed++;
                metrics.samplingFailure("stats");
                firstError = firstError == null ? e.getCause().toString() : firstError;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return samples;
            }
        }
        if (failed > 0) {
            log.warn(
                    "could not read the stats of {} of {} sandboxes (first error: {})",
                    failed,
                    running.size(),
                    firstError);
        }

        Set<String> runningUids = new HashSet<>();
        running.forEach(c -> runningUids.add(c.labels().get(SandboxNames.UID)));
        Set<String> runningIds = new HashSet<>();
        running.forEach(c -> runningIds.add(c.id()));
        lastReadings.keySet().retainAll(runningIds);
        samples.forEach(cache::put);
        cache.retainOnly(runningUids);
        metrics.usage(cache.all());
        for (UsageSample s : samples) {
            if (UsageStatusPolicy.due(
                    cache.inStatus(s.uid()), s, config.monitoring().statusInterval())) {
                refreshStatus.accept(s.namespace(), s.name());
            }
        }
        store(samples);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.samplingPass(took, samples.size());
        log.debug("sampled {} of {} running sandboxes in {} ms", samples.size(), running.size(), took.toMillis());
        if (took.compareTo(config.monitoring().sampleInterval()) > 0) {
            log.warn(
                    "a sampling pass over {} sandboxes took {} ms, longer than the interval of {} ms; raise SANDBOX_SAMPLE_PARALLELISM"
                            + " or SANDBOX_SAMPLE_SECONDS",
                    running.size(),
                    took.toMillis(),
                    config.monitoring().sampleInterval().toMillis());
        }
        return samples;
    }

    /**
     * Queues the pass's samples for the writer. During a database outage they wait in memory (bounded, the oldest go
     * first when full) and are written, in order, once PostgreSQL is back.
     */
    private void store(List<UsageSample> samples) {
        synchronized (backlog) {
            samples.stream().map(s -> s.toRecord(config.nodeName())).forEach(backlog::addLast);
            while (backlog.size() > MAX_BACKLOG) {
                backlog.removeFirst();
            }
        }
        writer.execute(this::writeBacklog);
    }

    /** Writes what is queued in one batch and prunes old samples now and then; on failure everything stays queued. */
    private void writeBacklog() {
        List<UsageSampleRecord> rows;
        synchronized (backlog) {
            if (backlog.isEmpty()) {
                return;
            }
            rows = List.copyOf(backlog);
        }
        try {
            store.insert(rows);
            synchronized (backlog) {
                for (int i = 0; i < rows.size(); i++) {
                    backlog.pollFirst();
                }
            }
            Instant now = Instant.now();
            if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
                int pruned = store.pruneBefore(now.minus(config.monitoring().retention()));
                lastPrune = now;
                if (pruned > 0) {
                    log.info(
                            "pruned {} usage samples older than {} h",
                            pruned,
                            config.monitoring().retention().toHours());
                }
            }
            if (databaseDown) {
                databaseDown = false;
                log.info("PostgreSQL is reachable again; {} usage samples kept meanwhile are stored", rows.size());
            }
        } catch (SQLException e) {
            metrics.samplingFailure("database");
            if (!databaseDown) {
                databaseDown = true;
                log.warn(
                        "cannot store usage samples in PostgreSQL ({}); they are kept in memory and written once it is back",
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (writer.isShutdown()) {
            // Closed before (an operator's shutdown may run twice): nothing is left to write.
            return;
        }
        ScheduledFuture<?> scheduled = passes;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduler.shutdownNow();
        pool.shutdownNow();
        // What is queued is written if the database answers at once; a shutdown does not wait out an outage.
        writer.execute(this::writeBacklog);
        writer.shutdown();
        try {
            writer.awaitTermination(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
