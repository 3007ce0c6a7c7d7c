package dev.sandbox.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Readiness of one gateway replica. Ready: the Sandbox watch has delivered its first list, PostgreSQL answers, and the replica is not shutting down.
 */
final class GatewayHealth {
    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    private final BooleanSupplier watchSynced;
    private final DataSource database;
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

    /** From now on the replica reports not ready, so that load balancers stop sending it calls. */
    void startDraining() {
        draining = true;
    }
}
