package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxPathsTest {
    @Test
    void relativePathsStartAtTheDirectory() {
        assertThat(SandboxPaths.resolve("/workspace", "src/app.py")).isEqualTo("/workspace/src/app.py");
        assertThat(SandboxPaths.resolve("/workspace", "")).isEqualTo("/workspace");
        assertThat(SandboxPaths.resolve("/home/user", null)).isEqualTo("/home/user");
    }

    @Test
    void dotsAreResolvedByNameAndNeverClimbAboveTheRoot() {
        assertThat(SandboxPaths.resolve("/workspace", "./a/../b/")).isEqualTo("/workspace/b");
        assertThat(SandboxPaths.resolve("/workspace", "../../../etc//hosts")).isEqualTo("/etc/hosts");
        assertThat(SandboxPaths.resolve("/workspace", "/..")).isEqualTo("/");
        assertThat(SandboxPaths.resolve("/workspace", "/tmp/x/.")).isEqualTo("/tmp/x");
    }
}
