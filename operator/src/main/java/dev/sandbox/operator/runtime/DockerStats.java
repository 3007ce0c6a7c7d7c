package dev.sandbox.operator.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.BlkioStatsConfig;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import dev.sandbox.client.SandboxStats;
import dev.sandbox.db.DaemonThreads;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Resource readings of containers on a Docker engine: from the containers' cgroup files when this process sees them
 * (no engine call), else from the engine. Streams of samples run on a scheduler of their own.
 */
final class DockerStats implements StatsReader, AutoCloseable {
    /** Docker answers a no-stream stats call after about a second; much longer means the engine is in trouble. */
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(10);
    /** CPU use of a stats call covers at least this much time... */
    private static final Duration CPU_WINDOW_MIN = Duration.ofMillis(200);
    /** ...and at most this much, when an earlier reading is reused... */
    private static final Duration CPU_WINDOW_MAX = Duration.ofSeconds(5);
    /** ...else the call waits this long for a second reading. */
    private static final Duration CPU_WINDOW_FRESH = Duration.ofMillis(250);
    /** Readings kept for the CPU use of the next one before stale ones are dropped. */
    private static final int READINGS_KEPT = 256;

    private static final int STATS_MAX_BYTES = 1 << 20;
    private static final String NEVER = "0001-01-01";
    /** docker-java's model classes carry Jackson annotations; unknown fields of newer engines are ignored. */
    private static final ObjectMapper STATS_JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DockerEngine engine;
    private final CgroupStats cgroups = CgroupStats.host();
    /** The last reading per container taken for {@link #currentStats}, for the CPU use of the next one. */
    private final Map<String, ContainerStats> lastReadings = new ConcurrentHashMap<>();
    /** Runs the ticks of every stats stream read from cgroup files (each tick reads a few small files). */
    private final ScheduledExecutorService statsTicker =
            Executors.newScheduledThreadPool(2, DaemonThreads.named("stats-streams"));

    DockerStats(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        FirstStatistics callback = new FirstStatistics();
        try (callback) {
            // no-stream: Docker answers with one reading (after priming its CPU counters) and closes the response.
            engine.call(
                    "container stats",
                    () -> engine.control()
                            .statsCmd(containerId)
                            .withNoStream(true)
                            .exec(callback));
            if (!callback.awaitCompletion(STATS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RuntimeUnavailableException(
                        "Docker did not report stats of container " + containerId + " within "
                                + STATS_TIMEOUT.toSeconds() + " s",
                        null);
            }
        } catch (NotFoundException | NotModifiedException | ConflictException gone) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while reading stats of " + containerId, e);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("stats stream of " + containerId + " failed", e);
        } catch (RuntimeException e) {
            if (e instanceof DockerException
                    || e instanceof RuntimeUnavailableException
                    || !DockerEngine.isConnectionProblem(e)) {
                throw e;
            }
            throw engine.unreachable("container stats", e);
        }
        return Optional.ofNullable(callback.first).flatMap(DockerStats::toStats);
    }

    /**
     * From the container's cgroup files when this process sees them (microseconds, no engine call: hundreds of
     * containers per pass stay cheap), else {@code GET /containers/{id}/stats?stream=false&one-shot=true} on a socket of
     * our own (docker-java cannot ask for one-shot; the engine answers at its next collection, within a second). TLS
     * engines get the primed reading.
     */
    @Override
    public Optional<ContainerStats> statsNow(String containerId) {
        Optional<ContainerStats> fromCgroups = cgroups.read(containerId);
        if (fromCgroups.isPresent()) {
            return fromCgroups;
        }
        if (engine.usesTls()) {
            return stats(containerId);
        }
        EngineSocket.Answer answer;
        try (EngineSocket socket = EngineSocket.connect(engine.engineHost())) {
            answer = socket.get("/containers/" + containerId + "/stats?stream=false&one-shot=true", STATS_MAX_BYTES);
        } catch (IOException e) {
            throw engine.unreachable("container stats", e);
        }
        if (answer.status() == 404 || answer.status() == 409) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new RuntimeUnavailableException(
                    "the Docker engine answered HTTP " + answer.status() + " to the stats of container " + containerId
                            + ": " + DockerEngine.firstLine(answer.body()),
                    null);
        }
        try {
            return toStats(STATS_JSON.readValue(answer.body(), Statistics.class));
        } catch (IOException e) {
            throw new RuntimeUnavailableException(
                    "unreadable stats of container " + containerId + ": " + e.getMessage(), e);
        }
    }

    /**
     * One reading for the node agent. From the container's cgroup files when this process sees them: CPU use covers the
     * time since this runtime's previous reading of the container when that was 0.2 to 5 s ago (a client polling
     * stats), else the next 250 ms. Otherwise Docker's primed reading, which takes about a second.
     */
    SandboxStats currentStats(String containerId) {
        Optional<ContainerStats> fromCgroups = cgroups.read(containerId);
        if (fromCgroups.isPresent()) {
            return withRecentCpu(containerId, fromCgroups.get());
        }
        return stats(containerId)
                .map(reading -> reading.toSandboxStats(null))
                .orElseThrow(
                        () -> new ContainerNotRunningException("container " + containerId + " is not running", null));
    }

    /** {@code now} with CPU use since a reading 0.2 to 5 s before it: the last one taken here, or one 250 ms on. */
    private SandboxStats withRecentCpu(String containerId, ContainerStats now) {
        ContainerStats previous = lastReadings.get(containerId);
        long age = previous == null
                ? -1
                : Duration.between(previous.readAt(), now.readAt()).toMillis();
        ContainerStats earlier = now;
        ContainerStats latest = now;
        if (age >= CPU_WINDOW_MIN.toMillis() && age <= CPU_WINDOW_MAX.toMillis()) {
            earlier = previous;
        } else {
            try {
                // The second reading CPU use needs: the caller asked for one sample, and this is the cost of it.
                Thread.sleep(CPU_WINDOW_FRESH.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeUnavailableException("interrupted while reading statistics of " + containerId, e);
            }
            // Gone in between: the first reading is all there is (CPU 0).
            latest = cgroups.read(containerId).orElse(now);
        }
        lastReadings.put(containerId, latest);
        if (lastReadings.size() > READINGS_KEPT) {
            Instant stale = Instant.now().minus(CPU_WINDOW_MAX);
            lastReadings.values().removeIf(r -> r.readAt().isBefore(stale));
        }
        return latest.toSandboxStats(earlier);
    }

    /**
     * From the cgroup files when this process sees them: the first sample 250 ms after the call, then one a second,
     * each with CPU use since the one before; the stream ends when the container's cgroup goes (it stopped). Otherwise
     * Docker's own stream, whose first sample comes after about a second.
     */
    Closeable streamStats(String containerId, Consumer<SandboxStats> samples, Consumer<Throwable> onEnd) {
        Optional<ContainerStats> first = cgroups.read(containerId);
        if (first.isPresent()) {
            return new CgroupStream(cgroups, containerId, first.get(), lastReadings, samples, onEnd)
                    .start(statsTicker, CPU_WINDOW_FRESH.toMillis());
        }
        ResultCallback.Adapter<Statistics> callback = new EndsOnce<>(onEnd) {
            @Override
            public void onNext(Statistics statistics) {
                toStats(statistics).ifPresent(reading -> samples.accept(reading.toSandboxStats(null)));
            }
        };
        engine.streams().statsCmd(containerId).withNoStream(false).exec(callback);
        return callback;
    }

    @Override
    public void close() {
        statsTicker.shutdownNow();
    }

    /** Keeps the first reading; with no-stream there is only one. */
    private static final class FirstStatistics extends ResultCallback.Adapter<Statistics> {
        private volatile Statistics first;

        @Override
        public void onNext(Statistics statistics) {
            if (first == null) {
                first = statistics;
            }
        }
    }

    /** Docker's statistics as a reading; empty for the blank reading of a container that is not running. */
    static Optional<ContainerStats> toStats(Statistics s) {
        String read = s.getRead();
        if (read == null || read.startsWith(NEVER) || s.getMemoryStats() == null || s.getCpuStats() == null) {
            // A container that is not running reports an empty reading.
            return Optional.empty();
        }
        CpuStatsConfig cpu = s.getCpuStats();
        CpuStatsConfig pre = s.getPreCpuStats();
        int onlineCpus = cpu.getOnlineCpus() != null
                ? cpu.getOnlineCpus().intValue()
                : cpu.getCpuUsage() != null && cpu.getCpuUsage().getPercpuUsage() != null
                        ? cpu.getCpuUsage().getPercpuUsage().size()
                        : 1;
        MemoryStatsConfig memory = s.getMemoryStats();
        long reclaimable = 0;
        if (memory.getStats() != null) {
            // cgroup v1 reports total_inactive_file, cgroup v2 inactive_file; docker stats subtracts whichever is
            // there.
            Long inactive = memory.getStats().getTotalInactiveFile() != null
                    ? memory.getStats().getTotalInactiveFile()
                    : memory.getStats().getInactiveFile();
            reclaimable = inactive == null ? 0 : inactive;
        }
        long rx = 0;
        long tx = 0;
        if (s.getNetworks() != null) {
            for (StatisticNetworksConfig n : s.getNetworks().values()) {
                rx += n.getRxBytes() == null ? 0 : n.getRxBytes();
                tx += n.getTxBytes() == null ? 0 : n.getTxBytes();
            }
        }
        long blockRead = 0;
        long blockWrite = 0;
        BlkioStatsConfig blkio = s.getBlkioStats();
        if (blkio != null && blkio.getIoServiceBytesRecursive() != null) {
            for (BlkioStatEntry e : blkio.getIoServiceBytesRecursive()) {
                long value = e.getValue() == null ? 0 : e.getValue();
                if ("read".equalsIgnoreCase(e.getOp())) {
                    blockRead += value;
                } else if ("write".equalsIgnoreCase(e.getOp())) {
                    blockWrite += value;
                }
            }
        }
        return Optional.of(new ContainerStats(
                Instant.parse(read),
                cpuTotal(cpu),
                cpuTotal(pre),
                cpu.getSystemCpuUsage() == null ? 0 : cpu.getSystemCpuUsage(),
                pre == null || pre.getSystemCpuUsage() == null ? 0 : pre.getSystemCpuUsage(),
                onlineCpus,
                memory.getUsage() == null ? 0 : memory.getUsage(),
                reclaimable,
                memory.getLimit() == null ? 0 : memory.getLimit(),
                s.getPidsStats() == null || s.getPidsStats().getCurrent() == null
                        ? 0
                        : s.getPidsStats().getCurrent(),
                rx,
                tx,
                blockRead,
                blockWrite));
    }

    private static long cpuTotal(CpuStatsConfig cpu) {
        return cpu == null || cpu.getCpuUsage() == null || cpu.getCpuUsage().getTotalUsage() == null
                ? 0
                : cpu.getCpuUsage().getTotalUsage();
    }
}
