package dev.sandbox.operator.monitor;

import dev.sandbox.crd.SandboxPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The operator's Prometheus metrics. Every series carries the label {@code node}; usage is summed per node unless
 * per-sandbox metrics are configured, so the number of series does not grow with the number of sandboxes.
 *
 * <p>Series (Prometheus names): {@code sandbox_operator_sandboxes{phase}}, {@code sandbox_usage_cpu_percent},
 * {@code sandbox_usage_memory_bytes}, {@code sandbox_usage_memory_limit_bytes}, {@code sandbox_usage_pids},
 * {@code sandbox_usage_network_rx_bytes}, {@code sandbox_usage_network_tx_bytes}, {@code sandbox_usage_block_read_bytes},
 * {@code sandbox_usage_block_write_bytes}, {@code sandbox_monitor_pass_seconds}, {@code sandbox_monitor_sampled},
 * {@code sandbox_monitor_failures_total{kind}}, {@code sandbox_cleanup_actions_total{action}}, and the JVM's own.
 *
 * <p>Gauges are registered once and read their values when scraped; a new pass only swaps the values they read.
 * Removing and re-adding a series with the same labels while a scrape runs can make the scrape see it twice and fail,
 * so series are only removed when their sandbox is gone.
 */
public final class OperatorMetrics {
    /** Values of the {@code action} label of {@code sandbox_cleanup_actions_total}. */
    public static final List<String> CLEANUP_ACTIONS =
            List.of("idle_stop", "idle_delete", "orphan_container", "orphan_volume", "orphan_network", "stale_record");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final boolean perSandbox;
    private final io.micrometer.core.instrument.Timer pass;
    private final AtomicLong sampled = new AtomicLong();
    private final List<UsageSeries> usageSeries = new ArrayList<>();
    /** The samples of the last pass, by namespace and name. */
    private volatile Map<Tags, UsageSample> latest = Map.of();
    /** Per-sandbox gauges registered so far, by namespace and name (only with per-sandbox metrics). */
    private final Map<Tags, List<Meter>> perSandboxGauges = new HashMap<>();

    private volatile Supplier<Map<String, Long>> phases = Map::of;
    private volatile Map<String, Long> phaseCounts = Map.of();

    /** One usage series: its name, description, unit and how to read it from a sample. */
    private record UsageSeries(String name, String description, String unit, ToDoubleFunction<UsageSample> value) {}

    public OperatorMetrics(String node, boolean perSandbox) {
        this.perSandbox = perSandbox;
        registry.config().commonTags("node", node);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        pass = io.micrometer.core.instrument.Timer.builder("sandbox.monitor.pass")
                .description("Duration of one sampling pass over the node's running sandboxes")
                .register(registry);
        Gauge.builder("sandbox.monitor.sampled", sampled, AtomicLong::get)
                .description("Sandboxes sampled in the last pass")
                .register(registry);
        for (SandboxPhase phase : SandboxPhase.values()) {
            Gauge.builder("sandbox.operator.sandboxes", () -> phaseCounts.getOrDefault(phase.name(), 0L))
                    .description("Sandboxes bound to this node, by phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
        usage(
                "sandbox.usage.cpu.percent",
                "CPU use in percent of one core",
                null,
                s -> s.use().cpuPercent());
        usage(
                "sandbox.usage.memory",
                "Memory in use without reclaimable cache",
                "bytes",
                s -> s.use().memoryBytes());
        usage(
                "sandbox.usage.memory.limit",
                "Memory limits",
                "bytes",
                s -> s.use().memoryLimitBytes());
        usage("sandbox.usage.pids", "Processes and threads", null, s -> s.use().pids());
        usage(
                "sandbox.usage.network.rx",
                "Bytes received since the containers started",
                "bytes",
                s -> s.use().networkRxBytes());
        usage(
                "sandbox.usage.network.tx",
                "Bytes sent since the containers started",
                "bytes",
                s -> s.use().networkTxBytes());
        usage(
                "sandbox.usage.block.read",
                "Bytes read from block devices since the containers started",
                "bytes",
                s -> s.use().blockReadBytes());
        usage(
                "sandbox.usage.block.write",
                "Bytes written to block devices since the containers started",
                "bytes",
                s -> s.use().blockWriteBytes());
        // Make the counters visible at zero, so dashboards and alerts see the series before the first failure or
        // action.
        for (String kind : List.of("stats", "database")) {
            failures(kind);
        }
        CLEANUP_ACTIONS.forEach(this::cleanupCounter);
    }

    private void usage(String name, String description, String unit, ToDoubleFunction<UsageSample> value) {
        UsageSeries series = new UsageSeries(
                name, description + (perSandbox ? ", per sandbox" : ", summed over the node's sandboxes"), unit, value);
        usageSeries.add(series);
        if (!perSandbox) {
            gauge(
                    series,
                    Tags.empty(),
                    () -> latest.values().stream().mapToDouble(value).sum());
        }
    }

    private Meter gauge(UsageSeries series, Tags tags, Supplier<Number> read) {
        Gauge.Builder<Supplier<Number>> builder = Gauge.builder(series.name(), read)
                .description(series.description())
                .tags(tags);
        if (series.unit() != null) {
            builder.baseUnit(series.unit());
        }
        return builder.register(registry);
    }

    private Counter failures(String kind) {
        return Counter.builder("sandbox.monitor.failures")
                .description("Failed Docker stats calls and PostgreSQL writes of the sampler")
                .tag("kind", kind)
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one finished sampling pass. */
    public void samplingPass(Duration took, int sandboxesSampled) {
        pass.record(took);
        sampled.set(sandboxesSampled);
    }

    /** Counts a failure of the sampler: {@code stats} (a Docker call) or {@code database}. */
    public void samplingFailure(String kind) {
        failures(kind).increment();
    }

    /** Replaces the usage series with these samples (per sandbox, or summed). */
    public synchronized void usage(Collection<UsageSample> samples) {
        Map<Tags, UsageSample> next = new HashMap<>();
        for (UsageSample s : samples) {
            next.put(Tags.of("namespace", s.namespace(), "name", s.name()), s);
        }
        latest = Map.copyOf(next);
        if (!perSandbox) {
            return;
        }
        for (Tags sandbox : next.keySet()) {
            perSandboxGauges.computeIfAbsent(sandbox, key -> {
                List<Meter> meters = new ArrayList<>();
                for (UsageSeries series : usageSeries) {
                    meters.add(gauge(series, key, () -> {
                        UsageSample sample = latest.get(key);
                        return sample == null ? Double.NaN : series.value().applyAsDouble(sample);
                    }));
                }
                return meters;
            });
        }
        Set<Tags> gone = new HashSet<>(perSandboxGauges.keySet());
        gone.removeAll(next.keySet());
        for (Tags sandbox : gone) {
            perSandboxGauges.remove(sandbox).forEach(registry::remove);
        }
    }

    /** Counts one clean-up action, such as {@code idle_stop} or {@code orphan_container}. */
    public void cleanup(String action) {
        cleanupCounter(action).increment();
    }

    private Counter cleanupCounter(String action) {
        return Counter.builder("sandbox.cleanup.actions")
                .description("Clean-up actions taken by the operator, by kind")
                .tag("action", action)
                .register(registry);
    }

    /** Where the sandboxes-by-phase gauge reads its numbers when scraped. */
    public void phases(Supplier<Map<String, Long>> counts) {
        this.phases = counts;
    }

    /** The Prometheus text exposition of every series, with sandboxes by phase read now. */
    public String scrape() {
        phaseCounts = phases.get();
        return registry.scrape();
    }
}
