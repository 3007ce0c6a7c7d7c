package dev.sandbox.operator;

import dev.sandbox.db.ProcessEnvironment;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of resource monitoring and of the operator's HTTP endpoints ({@code /metrics}, {@code /healthz},
 * {@code /readyz}).
 *
 * @param sampleInterval time between the starts of two sampling passes over this node's running sandboxes
 * @param sampleParallelism how many containers are sampled at once (each Docker call takes about a second)
 * @param statusInterval how often {@code status.usage} of a sandbox is rewritten at most, unless its use jumps
 * @param retention how long usage samples are kept in PostgreSQL
 * @param perSandboxMetrics export usage metrics per sandbox (labels namespace and name) instead of per node; off by
 *     default because it makes one time series per sandbox
 * @param httpHost address the HTTP endpoints listen on
 * @param httpPort port of the HTTP endpoints (0 picks a free one)
 * @param livenessGrace how long the Kubernetes watch may stay unhealthy before liveness fails and the process is
 *     restarted
 */
public record MonitoringConfig(
        Duration sampleInterval,
        int sampleParallelism,
        Duration statusInterval,
        Duration retention,
        boolean perSandboxMetrics,
        String httpHost,
        int httpPort,
        Duration livenessGrace) {

    public static MonitoringConfig defaults() {
        return new MonitoringConfig(
                Duration.ofSeconds(15),
                32,
                Duration.ofSeconds(60),
                Duration.ofDays(7),
                false,
                "0.0.0.0",
                9090,
                Duration.ofMinutes(5));
    }

    /**
     * Reads {@code SANDBOX_SAMPLE_SECONDS}, {@code SANDBOX_SAMPLE_PARALLELISM}, {@code SANDBOX_USAGE_STATUS_SECONDS},
     * {@code SANDBOX_USAGE_RETENTION_HOURS}, {@code SANDBOX_METRICS_PER_SANDBOX}, {@code SANDBOX_OPERATOR_HTTP_BIND},
     * {@code SANDBOX_OPERATOR_HTTP_PORT} and {@code SANDBOX_LIVENESS_GRACE_SECONDS}.
     */
    public static MonitoringConfig fromEnvironment(Map<String, String> env) {
        MonitoringConfig d = defaults();
        ProcessEnvironment settings = new ProcessEnvironment(env);
        MonitoringConfig c = new MonitoringConfig(
                settings.seconds("SANDBOX_SAMPLE_SECONDS", d.sampleInterval()),
                settings.integer("SANDBOX_SAMPLE_PARALLELISM", d.sampleParallelism()),
                settings.seconds("SANDBOX_USAGE_STATUS_SECONDS", d.statusInterval()),
                settings.hours("SANDBOX_USAGE_RETENTION_HOURS", d.retention()),
                settings.flag("SANDBOX_METRICS_PER_SANDBOX", d.perSandboxMetrics()),
                settings.text("SANDBOX_OPERATOR_HTTP_BIND", d.httpHost()),
                settings.port("SANDBOX_OPERATOR_HTTP_PORT", d.httpPort()),
                settings.seconds("SANDBOX_LIVENESS_GRACE_SECONDS", d.livenessGrace()));
        if (c.sampleInterval().isZero() || c.sampleInterval().isNegative() || c.sampleParallelism() < 1) {
            throw new IllegalArgumentException(
                    "SANDBOX_SAMPLE_SECONDS and SANDBOX_SAMPLE_PARALLELISM must be at least 1");
        }
        return c;
    }

    /** A copy with other sampling timings (tests use short ones). */
    public MonitoringConfig withSampling(Duration newSampleInterval, Duration newStatusInterval) {
        return new MonitoringConfig(
                newSampleInterval,
                sampleParallelism,
                newStatusInterval,
                retention,
                perSandboxMetrics,
                httpHost,
                httpPort,
                livenessGrace);
    }

    /** A copy listening elsewhere. */
    public MonitoringConfig withHttp(String host, int port) {
        return new MonitoringConfig(
                sampleInterval,
                sampleParallelism,
                statusInterval,
                retention,
                perSandboxMetrics,
                host,
                port,
                livenessGrace);
    }
}
