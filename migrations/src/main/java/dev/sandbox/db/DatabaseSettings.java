package dev.sandbox.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the production processes find PostgreSQL, read from their environment: {@code SANDBOX_DATABASE_URL} (JDBC URL,
 * required), {@code SANDBOX_DATABASE_USER}, {@code SANDBOX_DATABASE_PASSWORD} (from a Secret in a cluster) and
 * {@code SANDBOX_DATABASE_WAIT_SECONDS}, how long a starting process waits for the server to answer.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://db.example.com:5432/sandbox}
 * @param user database user
 * @param password database password
 * @param startupWait how long {@link #connect} waits for a first answer
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, Duration startupWait) {
    private static final Logger log = LoggerFactory.getLogger(DatabaseSettings.class);

    /** What an installation runs to bring its schema up to date; part of every "schema too old" error. */
    public static final String MIGRATE_REMEDY =
            "run the migrate command: the Helm chart runs it in its Job <release>-migrate-<revision> "
                    + "at every install and upgrade (check that Job's log); by hand it is 'java -jar sandbox-gateway.jar migrate' with the same "
                    + "SANDBOX_DATABASE_* variables (in a cluster: the image sandbox-gateway with the argument 'migrate')";

    /**
     * Reads the database settings from the {@code SANDBOX_DATABASE_*} variables.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        ProcessEnvironment settings = new ProcessEnvironment(env);
        String url = settings.required(
                "SANDBOX_DATABASE_URL",
                "give the JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://postgres:5432/sandbox");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "SANDBOX_DATABASE_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        return new DatabaseSettings(
                url,
                settings.text("SANDBOX_DATABASE_USER", "sandbox"),
                settings.text("SANDBOX_DATABASE_PASSWORD", ""),
                settings.seconds("SANDBOX_DATABASE_WAIT_SECONDS", Duration.ofSeconds(60)));
    }

    /**
     * Waits until the schema is current (the migration Job of an upgrade may still be running), at most
     * {@link #startupWait()}, saying what it waits for.
     *
     * @return the schema version
     * @throws SchemaOutdatedException when the schema is still older than this build needs at the end of the wait
     */
    public String awaitCurrentSchema(DataSource database) throws InterruptedException {
        long deadline = System.nanoTime() + startupWait.toNanos();
        boolean said = false;
        while (true) {
            try {
                return Database.requireCurrentSchema(database, MIGRATE_REMEDY);
            } catch (SchemaOutdatedException e) {
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
                if (!said) {
                    log.info(
                            "the database schema is at version {}, this version needs {}: waiting up to {} s for the migration",
                            e.current(),
                            e.required(),
                            startupWait.toSeconds());
                    said = true;
                }
            }
            Thread.sleep(2_000);
        }
    }

    /**
     * A pool for this database, once the server answers (waiting up to {@link #startupWait()}, so that a process started
     * together with its database does not fail at once).
     *
     * @throws IllegalStateException when the server did not answer in time
     */
    public HikariDataSource connect(String poolName) throws InterruptedException {
        HikariDataSource pool = Database.pool(jdbcUrl, user, password, poolName);
        long deadline = System.nanoTime() + startupWait.toNanos();
        SQLException last;
        while (true) {
            try (Connection c = pool.getConnection()) {
                return pool;
            } catch (SQLException e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                pool.close();
                throw new IllegalStateException(
                        "PostgreSQL at " + jdbcUrl + " did not answer within " + startupWait.toSeconds() + " s: "
                                + last.getMessage(),
                        last);
            }
            log.info("waiting for PostgreSQL at {}: {}", jdbcUrl, last.getMessage());
            Thread.sleep(2_000);
        }
    }
}
