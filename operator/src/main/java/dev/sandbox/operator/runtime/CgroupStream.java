package dev.sandbox.operator.runtime;

import dev.sandbox.client.SandboxStats;
import java.io.Closeable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Samples of one container read from its cgroup files on a ticker, until closed or the container stops. */
final class CgroupStream implements Closeable {
    private final CgroupStats cgroups;
    private final String containerId;
    private final Consumer<SandboxStats> samples;
    private final Consumer<Throwable> onEnd;
    /** Where each reading is left for the next one-off reading of the same container. */
    private final Map<String, ContainerStats> lastReadings;

    private final AtomicBoolean ended = new AtomicBoolean();
    private ContainerStats previous;
    private volatile ScheduledFuture<?> ticks;

    CgroupStream(
            CgroupStats cgroups,
            String containerId,
            ContainerStats first,
            Map<String, ContainerStats> lastReadings,
            Consumer<SandboxStats> samples,
            Consumer<Throwable> onEnd) {
        this.cgroups = cgroups;
        this.containerId = containerId;
        this.previous = first;
        this.lastReadings = lastReadings;
        this.samples = samples;
        this.onEnd = onEnd;
    }

    /** Starts ticking: the first sample after {@code firstAfterMillis}, then one a second. */
    CgroupStream start(ScheduledExecutorService ticker, long firstAfterMillis) {
        ticks = ticker.scheduleAtFixedRate(this::tick, firstAfterMillis, 1000, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        if (ended.get()) {
            return;
        }
        Optional<ContainerStats> now = cgroups.read(containerId);
        if (now.isEmpty()) {
            end(null);
            return;
        }
        SandboxStats sample = now.get().toSandboxStats(previous);
        previous = now.get();
        lastReadings.put(containerId, now.get());
        try {
            samples.accept(sample);
        } catch (RuntimeException e) {
            end(e);
        }
    }

    private void end(Throwable failure) {
        if (ended.compareAndSet(false, true)) {
            cancel();
            onEnd.accept(failure);
        }
    }

    @Override
    public void close() {
        ended.set(true);
        cancel();
    }

    private void cancel() {
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
    }
}
