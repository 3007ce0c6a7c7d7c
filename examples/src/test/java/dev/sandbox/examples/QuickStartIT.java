package dev.sandbox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.client.SandboxClient;
import dev.sandbox.dev.DevSettings;
import dev.sandbox.dev.DevStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart example runs as documented against the real system. */
class QuickStartIT {
    @TempDir
    Path home;

    @Test
    void quickStartCreatesExecsAndDeletes() {
        try (DevStack stack = DevStack.start(DevSettings.forTests(
                        home, "examples-" + UUID.randomUUID().toString().substring(0, 6)));
                SandboxClient client = SandboxClient.builder()
                        .baseUrl(stack.gatewayUrl())
                        .apiKey(stack.apiKey())
                        .build()) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int exit = QuickStart.run(client.blocking(), new PrintStream(captured, true, StandardCharsets.UTF_8));
            String out = captured.toString(StandardCharsets.UTF_8);
            assertThat(exit).isZero();
            assertThat(out).containsPattern("created sbx-[a-z0-9]+ \\(Running\\) on node examples-");
            assertThat(out).containsPattern("hello from [0-9a-f]+ as 1000");
            assertThat(out).contains("deleted sbx-");
        }
    }
}
