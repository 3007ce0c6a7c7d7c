package dev.sandbox.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema check the production processes make at start, and the first API key from a Secret. */
class SchemaCheckIT {
    private EmbeddedPostgresServer postgres;
    private HikariDataSource dataSource;

    @BeforeEach
    void start() {
        postgres = EmbeddedPostgresServer.start(null, 0);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "test");
    }

    @AfterEach
    void stop() {
        dataSource.close();
        postgres.close();
    }

    @Test
    void anEmptyDatabaseIsRefusedWithWhatToRun() {
        assertThatThrownBy(() -> Database.requireCurrentSchema(dataSource, DatabaseSettings.MIGRATE_REMEDY))
                .isInstanceOf(SchemaOutdatedException.class)
                .hasMessageContaining("schema is at version none")
                .hasMessageContaining("java -jar sandbox-gateway.jar migrate");
    }

    @Test
    void aMigratedDatabaseIsAcceptedAndWaitingReturnsAtOnce() throws Exception {
        Database.migrate(dataSource);
        String version = Database.requireCurrentSchema(dataSource, "x");
        assertThat(version).matches("\\d+");
        DatabaseSettings settings =
                new DatabaseSettings(postgres.jdbcUrl(), postgres.user(), postgres.password(), Duration.ofSeconds(30));
        assertThat(settings.awaitCurrentSchema(dataSource)).isEqualTo(version);
    }

    @Test
    void waitingForAMigrationThatNeverComesEndsWithTheError() {
        DatabaseSettings settings =
                new DatabaseSettings(postgres.jdbcUrl(), postgres.user(), postgres.password(), Duration.ZERO);
        assertThatThrownBy(() -> settings.awaitCurrentSchema(dataSource)).isInstanceOf(SchemaOutdatedException.class);
    }

    @Test
    void settingsComeFromTheEnvironmentAndNameWhatIsMissing() {
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of()))
                .hasMessageContaining("SANDBOX_DATABASE_URL");
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of("SANDBOX_DATABASE_URL", "mysql://x/y")))
                .hasMessageContaining("PostgreSQL JDBC URL");
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(Map.of(
                "SANDBOX_DATABASE_URL",
                postgres.jdbcUrl(),
                "SANDBOX_DATABASE_USER",
                "u",
                "SANDBOX_DATABASE_PASSWORD",
                "p",
                "SANDBOX_DATABASE_WAIT_SECONDS",
                "5"));
        assertThat(settings).isEqualTo(new DatabaseSettings(postgres.jdbcUrl(), "u", "p", Duration.ofSeconds(5)));
    }

    @Test
    void aKeyFromASecretIsStoredOnceAsAHash() throws Exception {
        Database.migrate(dataSource);
        ApiKeys keys = new ApiKeys(dataSource);
        keys.ensureTenant("team", "Team");
        String key = "sbx_" + "a1B2".repeat(10);
        assertThat(keys.ensureKey("team", key, "bootstrap")).isTrue();
        assertThat(keys.ensureKey("team", key, "bootstrap")).isFalse();
        assertThat(keys.tenantFor(key)).contains("team");
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var r = s.executeQuery("select count(*) from api_keys where key_hash = '" + key + "'")) {
            r.next();
            assertThat(r.getInt(1)).as("the plain key is not stored").isZero();
        }
        assertThatThrownBy(() -> keys.ensureKey("team", "not-a-key", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
