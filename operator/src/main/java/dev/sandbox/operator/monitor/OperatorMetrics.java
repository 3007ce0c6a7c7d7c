package dev.sandbox.operator.monitor;

import dev.sandbox.crd.SandboxPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics. Every series carries the label {@code node}; usage is summed per node unless
 * per-sandbox metrics are configured, so the number of series does not grow with the number of sandboxes.
 *
 * <p>Series (Prometheus names): {@code sandbox_operator_sandboxes{phase}}, {@code sandbox_usage_cpu_percent},
 * {@code sandbox_usage_memory_bytes}, {@code sandbox_usage_memory_limit_bytes}, {@code sandbox_usage_pids},
 * {@code sandbox_usage_network_rx_bytes}, {@code sandbox_usage_network_tx_bytes}, {@code sandbox_usage_block_read_bytes},
 * {@code sandbox_usage_block_write_bytes}, {@code sandbox_monitor_pass_seconds}, {@code sandbox_monitor_sampled},
 * {@code sandbox_monitor_failures_total{kind}}, {@code sandbox_cleanup_actions_total{action}}, and the JVM's own.
 */
public final class OperatorMetrics {
  /** Values of the {@code action} label of {@code sandbox_cleanup_actions_total}. */
  public static final List<String> CLEANUP_ACTIONS =
      List.of("idle_stop", "idle_delete", "orphan_container", "orphan_volume", "orphan_network", "stale_record");
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final boolean perSandbox;
  private final io.micrometer.core.instrument.Timer pass;
  private final AtomicLong sampled = new AtomicLong();
  private final List<UsageGauge> usageGauges = new ArrayList<>();
  private final MultiGauge sandboxes;
  private volatile Supplier<Map<String, Long>> phases = Map::of;

  /** One usage series: its gauge and how to read it from a sample. */
  private record UsageGauge(MultiGauge gauge, ToDoubleFunction<UsageSample> value) {}

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
    sandboxes = MultiGauge.builder("sandbox.operator.sandboxes")
        .description("Sandboxes bound to this node, by phase")
        .register(registry);
    usage("sandbox.usage.cpu.percent", "CPU use in percent of one core", null, UsageSample::cpuPercent);
    usage("sandbox.usage.memory", "Memory in use without reclaimable cache", "bytes", UsageSample::memoryUsedBytes);
    usage("sandbox.usage.memory.limit", "Memory limits", "bytes", UsageSample::memoryLimitBytes);
    usage("sandbox.usage.pids", "Processes and threads", null, UsageSample::pids);
    usage("sandbox.usage.network.rx", "Bytes received since the containers started", "bytes", UsageSample::netRxBytes);
    usage("sandbox.usage.network.tx", "Bytes sent since the containers started", "bytes", UsageSample::netTxBytes);
    usage("sandbox.usage.block.read", "Bytes read from block devices since the containers started", "bytes", UsageSample::blockReadBytes);
    usage("sandbox.usage.block.write", "Bytes written to block devices since the containers started", "bytes", UsageSample::blockWriteBytes);
    // Make the counters visible at zero, so dashboards and alerts see the series before the first failure or action.
    for (String kind : List.of("stats", "database")) {
      failures(kind);
    }
    CLEANUP_ACTIONS.forEach(this::cleanupCounter);
  }

  private void usage(String name, String description, String unit, ToDoubleFunction<UsageSample> value) {
    MultiGauge.Builder builder = MultiGauge.builder(name).description(description + (perSandbox ? ", per sandbox" : ", summed over the node's sandboxes"));
    if (unit != null) {
      builder.baseUnit(unit);
    }
    usageGauges.add(new UsageGauge(builder.register(registry), value));
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
  public void usage(Collection<UsageSample> samples) {
    for (UsageGauge g : usageGauges) {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      if (perSandbox) {
        for (UsageSample s : samples) {
          rows.add(MultiGauge.Row.of(Tags.of("namespace", s.namespace(), "name", s.name()), g.value().applyAsDouble(s)));
        }
      } else {
        rows.add(MultiGauge.Row.of(Tags.empty(), samples.stream().mapToDouble(g.value()).sum()));
      }
      g.gauge().register(rows, true);
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
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    Map<String, Long> counts = phases.get();
    for (SandboxPhase phase : SandboxPhase.values()) {
      rows.add(MultiGauge.Row.of(Tags.of("phase", phase.name()), counts.getOrDefault(phase.name(), 0L)));
    }
    sandboxes.register(rows, true);
    return registry.scrape();
  }
}
