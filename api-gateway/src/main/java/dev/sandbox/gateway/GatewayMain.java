package dev.sandbox.gateway;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.Database;
import dev.sandbox.db.DatabaseSettings;
import dev.sandbox.db.ProcessEnvironment;
import dev.sandbox.db.ProcessLifecycle;
import dev.sandbox.db.ProcessLogging;
import dev.sandbox.db.SchemaOutdatedException;
import dev.sandbox.kube.KubernetesApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production gateway (one process per replica), configured by environment variables (see the README).
 *
 * <p>{@code java -jar sandbox-gateway.jar} serves the REST API; {@code java -jar sandbox-gateway.jar migrate} brings the
 * PostgreSQL schema up to date and exits (the chart's hook Job runs it before every install and upgrade). The server
 * refuses to start against a schema older than it needs. With {@code SANDBOX_BOOTSTRAP_API_KEY} set (from a Secret),
 * the hash of that key is stored for the tenant {@code SANDBOX_BOOTSTRAP_TENANT} at start, so a fresh installation has a
 * first key without a database shell. SIGTERM: the replica stops taking connections and reports not ready, finishes
 * the calls in flight (at most {@code SANDBOX_SHUTDOWN_GRACE_SECONDS}) and exits.
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessLogging.configure();
        Logger log = LoggerFactory.getLogger(GatewayMain.class);
        ProcessLifecycle lifecycle = new ProcessLifecycle(log);
        Map<String, String> env = System.getenv();
        if (args.length > 0 && !"serve".equals(args[0]) && !"migrate".equals(args[0])) {
            log.error("unknown command '{}': use 'serve' (the default) or 'migrate'", args[0]);
            System.exit(ProcessLifecycle.EXIT_CONFIG);
        }
        boolean migrate = args.length > 0 && "migrate".equals(args[0]);
        DatabaseSettings databaseSettings;
        GatewayConfig config = null;
        Duration grace;
        try {
            databaseSettings = DatabaseSettings.fromEnvironment(env);
            grace = new ProcessEnvironment(env).seconds("SANDBOX_SHUTDOWN_GRACE_SECONDS", Duration.ofSeconds(20));
            if (!migrate) {
                config = GatewayConfig.fromEnvironment(env);
            }
        } catch (IllegalArgumentException e) {
            lifecycle.refuse(e.getMessage());
            return;
        }

        HikariDataSource database;
        try {
            database = databaseSettings.connect("sandbox-gateway");
        } catch (IllegalStateException e) {
            lifecycle.refuse(e.getMessage());
            return;
        }
        if (migrate) {
            migrate(log, database, databaseSettings);
            return;
        }
        try {
            String version = databaseSettings.awaitCurrentSchema(database);
            log.info("PostgreSQL at {} has schema version {}", databaseSettings.jdbcUrl(), version);
            bootstrapKey(log, database, env);
        } catch (SchemaOutdatedException | IllegalArgumentException e) {
            database.close();
            lifecycle.refuse(e.getMessage());
            return;
        } catch (SQLException e) {
            database.close();
            lifecycle.refuse("storing the bootstrap API key failed: " + e.getMessage(), ProcessLifecycle.EXIT_FAILED);
            return;
        }

        KubernetesClient client = KubernetesApi.connect();
        SandboxGateway gateway = new SandboxGateway(config, client, database);
        // Finish the calls in flight first, then close what they used.
        lifecycle.stopInOrderOnShutdown(
                "stopping: no new connections, finishing the calls in flight (at most " + grace.toSeconds() + " s)",
                List.of(
                        new ProcessLifecycle.Part("the gateway", () -> gateway.drainAndClose(grace)),
                        new ProcessLifecycle.Part("the Kubernetes client", client),
                        new ProcessLifecycle.Part("the database pool", database)),
                "gateway stopped");
        lifecycle.start(gateway::start);
        lifecycle.awaitShutdown();
    }

    private static void migrate(Logger log, HikariDataSource database, DatabaseSettings settings) {
        int status = 0;
        try {
            int applied = Database.migrate(database);
            String version = Database.requireCurrentSchema(database, DatabaseSettings.MIGRATE_REMEDY);
            log.info(
                    "database {} is at schema version {} ({} migrations applied now)",
                    settings.jdbcUrl(),
                    version,
                    applied);
        } catch (RuntimeException e) {
            log.error("migration failed: {}", e.getMessage(), e);
            status = 1;
        } finally {
            database.close();
        }
        System.exit(status);
    }

    /**
     * Stores the hash of the key from {@code SANDBOX_BOOTSTRAP_API_KEY} (if set) for its tenant, as an administrator key;
     * the key itself is not kept.
     */
    static void bootstrapKey(Logger log, HikariDataSource database, Map<String, String> env) throws SQLException {
        String key = env.get("SANDBOX_BOOTSTRAP_API_KEY");
        if (key == null || key.isBlank()) {
            return;
        }
        String tenant = env.getOrDefault("SANDBOX_BOOTSTRAP_TENANT", "default");
        if (tenant.isBlank() || tenant.length() > 63) {
            throw new IllegalArgumentException("SANDBOX_BOOTSTRAP_TENANT must be a tenant id of 1 to 63 characters");
        }
        ApiKeys keys = new ApiKeys(database);
        keys.ensureTenant(tenant, tenant);
        if (keys.ensureKey(tenant, key.trim(), "bootstrap")) {
            log.info(
                    "stored the bootstrap API key {}… for tenant {}", key.trim().substring(0, 8), tenant);
        }
        // The first key administers the installation: with it, tenants, their limits and their keys are made
        // (/v1/admin).
        keys.grantAdmin(key.trim());
    }
}
