package dev.sandbox.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Readiness of one gateway replica and the count of calls it is serving, so that a stopping replica can finish them.
 * Ready: the Sandbox watch has delivered its first list, PostgreSQL answers, and the replica is not shutting down.
 */
final class GatewayHealth {
    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    private final BooleanSupplier watchSynced;
    private final DataSource database;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    GatewayHealth(BooleanSupplier watchSynced, DataSource database) {
        this.watchSynced = watchSynced;
        this.database = database;
    }

    /** The checks by name, each {@code ok} or what is wrong. */
    Map<String, String> readiness() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("kubernetes", watchSynced.getAsBoolean() ? "ok" : "the Sandbox watch has not synced yet");
        checks.put("postgres", database());
        if (draining) {
            checks.put("gateway", "shutting down");
        }
        return checks;
    }

    static boolean allOk(Map<String, String> checks) {
        return checks.values().stream().allMatch("ok"::equals);
    }

    private String database() {
        try (Connection c = database.getConnection()) {
            return c.isValid(DATABASE_TIMEOUT_SECONDS) ? "ok" : "no answer within " + DATABASE_TIMEOUT_SECONDS + " s";
        } catch (SQLException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestEnded() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** From now on the replica reports not ready, so that load balancers stop sending it calls. */
    void startDraining() {
        draining = true;
    }

    /** Waits until no call is in flight or {@code limit} has passed; true when none is left. */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
