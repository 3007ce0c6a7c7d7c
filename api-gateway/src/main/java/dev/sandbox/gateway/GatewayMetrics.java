package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.ShownPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Prometheus metrics: requests by method, route template and status with a latency histogram
 * ({@code sandbox_gateway_requests_seconds}), the sandboxes of the gateway's namespace by phase
 * ({@code sandbox_gateway_sandboxes{phase}}, counted from the Kubernetes API when scraped, at most every few seconds),
 * failures to count them ({@code sandbox_gateway_kubernetes_failures_total}) and the JVM's own series. Routes are
 * templates such as {@code /v1/sandboxes/{id}}, never raw paths, so the number of series stays bounded.
 */
final class GatewayMetrics {
    private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);
    /** Scrapes closer together than this reuse the last count instead of listing sandboxes again. */
    private static final Duration COUNT_CACHE = Duration.ofSeconds(10);
    /** Latency buckets: a fixed, short list keeps the series per route and status few; exec and waits run long. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KubernetesClient client;
    private final String namespace;
    private final Counter countFailures;
    private volatile Map<String, Long> lastCounts;
    private long countedAt;

    GatewayMetrics(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // One gauge per phase, registered once: re-registering series while a scrape runs can make it see them twice.
        for (SandboxPhase phase : SandboxPhase.values()) {
            Gauge.builder("sandbox.gateway.sandboxes", () -> {
                        Map<String, Long> counts = lastCounts;
                        return counts == null ? 0L : counts.getOrDefault(phase.name(), 0L);
                    })
                    .description("Sandboxes in the gateway's namespace, by phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
        countFailures = Counter.builder("sandbox.gateway.kubernetes.failures")
                .description("Scrapes that could not count sandboxes because the Kubernetes API was unreachable")
                .register(registry);
    }

    /** Counts one call on a sandbox by its kind ({@code sandbox_gateway_sandbox_calls_total{kind}}). */
    void sandboxCall(ActivityKind kind) {
        Counter.builder("sandbox.gateway.sandbox.calls")
                .description(
                        "Calls on sandboxes by kind (exec, files, preview, ...); each keeps its sandbox from idling")
                .tag("kind", kind.label())
                .register(registry)
                .increment();
    }

    /** Records one answered request; {@code route} is the matched route template, or null when none matched. */
    void request(String method, String route, int status, long nanos) {
        io.micrometer.core.instrument.Timer.builder("sandbox.gateway.requests")
                .description("REST requests by method, route template and status")
                .tag("method", method)
                .tag("route", route == null ? "unmatched" : route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition, with sandboxes by phase counted now (or a few seconds ago). */
    synchronized String scrape() {
        long now = System.nanoTime();
        if (lastCounts == null || now - countedAt > COUNT_CACHE.toNanos()) {
            try {
                lastCounts = countByPhase();
                countedAt = now;
            } catch (KubernetesClientException e) {
                // Keep the last numbers: a scrape must not fail because the API server is briefly away.
                countFailures.increment();
                log.debug("cannot count sandboxes for the metrics: {}", e.getMessage());
            }
        }
        return registry.scrape();
    }

    private Map<String, Long> countByPhase() {
        Map<String, Long> counts = new TreeMap<>();
        for (Sandbox s :
                client.resources(Sandbox.class).inNamespace(namespace).list().getItems()) {
            counts.merge(ShownPhase.of(s).name(), 1L, Long::sum);
        }
        return counts;
    }
}
