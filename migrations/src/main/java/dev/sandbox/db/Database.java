package dev.sandbox.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/** Connection pool and schema migrations for the project's PostgreSQL database. */
public final class Database {
    private Database() {}

    /**
     * A small connection pool. Connections are not required at start-up (the pool fails fast only on use), so a process can
     * come up while PostgreSQL is down and catch up later.
     */
    public static HikariDataSource pool(String jdbcUrl, String user, String password, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        // A server that stops answering (paused, overloaded, a network partition) must not hold callers forever: a
        // query
        // gives up after 5 s of silence, logging in after 3 s, and the caller answers 503 or retries later.
        config.addDataSourceProperty("socketTimeout", "5");
        config.addDataSourceProperty("loginTimeout", "3");
        config.addDataSourceProperty("connectTimeout", "3");
        return new HikariDataSource(config);
    }

    /** Applies the migrations in {@code db/migration} and returns how many ran. */
    public static int migrate(DataSource dataSource) {
        return flyway(dataSource).migrate().migrationsExecuted;
    }

    /**
     * Checks that every migration this build carries has been applied, without changing anything. A database that is
     * newer than this build (migrated by a later version) is accepted: migrations only ever add.
     *
     * @param remedy what the operator of the installation should run, appended to the error
     * @return the schema version found, e.g. {@code 2}
     * @throws SchemaOutdatedException when migrations are pending (also for an empty database)
     */
    public static String requireCurrentSchema(DataSource dataSource, String remedy) {
        MigrationInfoService info = flyway(dataSource).info();
        MigrationInfo current = info.current();
        String found = current == null || current.getVersion() == null
                ? "none"
                : current.getVersion().getVersion();
        MigrationInfo[] pending = info.pending();
        if (pending.length > 0) {
            throw new SchemaOutdatedException(
                    found, pending[pending.length - 1].getVersion().getVersion(), remedy);
        }
        return found;
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }
}
