package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
    @TempDir
    Path home;

    @Test
    void oneDevModeAtATimeHoldsADirectoryAndItsIdentityStays() throws Exception {
        String id;
        try (StateDirectory first = StateDirectory.claim(home)) {
            id = first.installation();
            assertThat(Files.readString(home.resolve(StateDirectory.INSTALLATION_FILE))
                            .trim())
                    .isEqualTo(id);
            assertThatThrownBy(() -> StateDirectory.claim(home))
                    .hasMessageContaining("another dev mode")
                    .hasMessageContaining("process " + ProcessHandle.current().pid())
                    .hasMessageContaining("SANDBOX_HOME");
        }
        try (StateDirectory again = StateDirectory.claim(home)) {
            assertThat(again.installation()).isEqualTo(id);
        }
        try (StateDirectory other = StateDirectory.claim(home.resolve("other"))) {
            assertThat(other.installation()).isNotEqualTo(id);
        }
    }

    @Test
    void noAbandonedServerWithoutALivePostmaster() throws Exception {
        try (StateDirectory state = StateDirectory.claim(home)) {
            Path data = Files.createDirectories(home.resolve("postgres"));
            assertThat(state.stopAbandonedPostgres(data)).isEmpty();
            // A stale file naming this JVM (alive, but no postgres) is left to PostgreSQL itself.
            Files.writeString(
                    data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");
            assertThat(state.stopAbandonedPostgres(data)).isEmpty();
        }
    }

    @Test
    void portsAreCheckedAndNamed() {
        assertThatThrownBy(() -> DevSettings.fromEnvironment(Map.of("SANDBOX_PORT", "http")))
                .hasMessageContaining("SANDBOX_PORT")
                .hasMessageContaining("'http'");
        assertThatThrownBy(() -> DevSettings.fromEnvironment(Map.of("SANDBOX_KUBE_PORT", "70000")))
                .hasMessageContaining("SANDBOX_KUBE_PORT");
        assertThat(DevSettings.fromEnvironment(Map.of("SANDBOX_PORT", "0")).gatewayPort())
                .isZero();
    }
}
