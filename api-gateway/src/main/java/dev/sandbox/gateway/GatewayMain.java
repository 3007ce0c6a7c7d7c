package dev.sandbox.gateway;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.Database;
import dev.sandbox.db.DatabaseSettings;
import dev.sandbox.db.ProcessLogging;
import dev.sandbox.db.SchemaOutdatedException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
    static final int EXIT_CONFIG = 2;

    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessLogging.configure();
        Logger log = LoggerFactory.getLogger(GatewayMain.class);
        Map<String, String> env = System.getenv();
        if (args.length > 0 && !"serve".equals(args[0]) && !"migrate".equals(args[0])) {
            log.error("unknown command '{}': use 'serve' (the default) or 'migrate'", args[0]);
            System.exit(EXIT_CONFIG);
        }
        boolean migrate = args.length > 0 && "migrate".equals(args[0]);
        DatabaseSettings databaseSettings;
        GatewayConfig config = null;
        Duration grace;
        try {
            databaseSettings = DatabaseSettings.fromEnvironment(env);
            grace = Duration.ofSeconds(Long.parseLong(env.getOrDefault("SANDBOX_SHUTDOWN_GRACE_SECONDS", "20")));
            if (!migrate) {
                config = GatewayConfig.fromEnvironment(env);
            }
        } catch (IllegalArgumentException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }

        HikariDataSource database;
        try {
            database = databaseSettings.connect("sandbox-gateway");
        } catch (IllegalStateException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(EXIT_CONFIG);
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
            log.error("cannot start: {}", e.getMessage());
            database.close();
            System.exit(EXIT_CONFIG);
            return;
        } catch (SQLException e) {
            log.error("cannot start: storing the bootstrap API key failed: {}", e.getMessage());
            database.close();
            System.exit(1);
            return;
        }

        KubernetesClient client = kubernetesClient();
        SandboxGateway gateway = new SandboxGateway(config, client, database);
        CountDownLatch stopped = new CountDownLatch(1);
        Duration shutdownGrace = grace;
        // One hook, in order: finish the calls in flight, then close what they used.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info(
                                    "stopping: no new connections, finishing the calls in flight (at most {} s)",
                                    shutdownGrace.toSeconds());
                            try {
                                gateway.drainAndClose(shutdownGrace);
                            } catch (RuntimeException e) {
                                log.warn("stopping the gateway failed: {}", e.toString());
                            }
                            client.close();
                            database.close();
                            log.info("gateway stopped");
                            stopped.countDown();
                        },
                        "shutdown"));
        try {
            gateway.start();
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.getMessage(), e);
            System.exit(1);
        }
        stopped.await();
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

    static KubernetesClient kubernetesClient() {
        Config config = Config.autoConfigure(null);
        if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http:")) {
            // Plain HTTP (a local test API): the JDK client would otherwise try an HTTP/2 upgrade on every request.
            config.setHttp2Disable(true);
        }
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
