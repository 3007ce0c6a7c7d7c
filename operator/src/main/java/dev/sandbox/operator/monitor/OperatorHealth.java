package dev.sandbox.operator.monitor;

import dev.sandbox.operator.runtime.Containers;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Liveness and readiness of the operator. Ready: the controllers are started, their Kubernetes informers are watching,
 * the Docker engine answers a ping and PostgreSQL answers. Live: unless the Kubernetes watch has been broken for longer than the grace
 * period, which a restart may cure; a Docker outage makes the operator unready but not dead, since restarting the
 * operator does not bring Docker back.
 */
public final class OperatorHealth {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final Operator operator;
    private final Containers runtime;
    private final DataSource database;
    private final Duration livenessGrace;
    private volatile long watchBrokenSince = -1;
    private volatile boolean started;
    private volatile boolean stopped;

    public OperatorHealth(Operator operator, Containers runtime, Duration livenessGrace) {
        this(operator, runtime, null, livenessGrace);
    }

    /** @param database PostgreSQL, checked for readiness too; null to leave it out */
    public OperatorHealth(Operator operator, Containers runtime, DataSource database, Duration livenessGrace) {
        this.operator = operator;
        this.runtime = runtime;
        this.database = database;
        this.livenessGrace = livenessGrace;
    }

    /** Marks the operator started (the informers have synced). */
    public void started() {
        started = true;
    }

    /** Marks the operator stopped: from now on neither live nor ready. */
    public void stopped() {
        stopped = true;
    }

    public HealthReport readiness() {
        Map<String, String> checks = new LinkedHashMap<>();
        String kubernetes = kubernetes();
        checks.put("kubernetes", kubernetes);
        checks.put("docker", docker());
        if (database != null) {
            checks.put("postgres", postgres());
        }
        return new HealthReport(checks.values().stream().allMatch("ok"::equals), checks);
    }

    public HealthReport liveness() {
        Map<String, String> checks = new LinkedHashMap<>();
        if (stopped) {
            checks.put("operator", "stopped");
            return new HealthReport(false, checks);
        }
        String kubernetes = kubernetes();
        long since = watchBrokenSince;
        if (!"ok".equals(kubernetes) && started && since >= 0 && System.nanoTime() - since > livenessGrace.toNanos()) {
            checks.put("kubernetes", kubernetes + " for more than " + livenessGrace.toSeconds() + " s");
            return new HealthReport(false, checks);
        }
        checks.put("operator", "ok");
        return new HealthReport(true, checks);
    }

    private String kubernetes() {
        String finding;
        if (stopped) {
            finding = "operator stopped";
        } else if (!started) {
            finding = "starting: informers not synced yet";
        } else {
            RuntimeInfo info = operator.getRuntimeInfo();
            finding = info.allEventSourcesAreHealthy()
                    ? "ok"
                    : "unhealthy event sources: " + info.unhealthyEventSources().keySet();
        }
        if ("ok".equals(finding)) {
            watchBrokenSince = -1;
        } else if (started && watchBrokenSince < 0) {
            watchBrokenSince = System.nanoTime();
        }
        return finding;
    }

    private String postgres() {
        try (Connection c = database.getConnection()) {
            return c.isValid((int) PING_TIMEOUT.toSeconds())
                    ? "ok"
                    : "no answer within " + PING_TIMEOUT.toSeconds() + " s";
        } catch (SQLException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private String docker() {
        // The control client's own timeout is long; a readiness probe must answer quickly, so bound the ping here.
        CompletableFuture<Void> ping = CompletableFuture.runAsync(runtime::ping);
        try {
            ping.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return "ok";
        } catch (TimeoutException e) {
            ping.cancel(true);
            return "no answer within " + PING_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            return "unreachable: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
