package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole benchmark with tiny counts against the real Docker engine: every scenario produces numbers (or says why it
 * cannot in this build), the table and the JSON are well formed, and nothing is left behind. No timing is asserted.
 */
class BenchmarkSmokeIT {
    @TempDir
    Path out;

    @Test
    void everyScenarioProducesNumbersAndNothingIsLeftBehind() throws IOException {
        String node = "bench-it-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> progress = new ArrayList<>();
        BenchmarkReport report = BenchmarkMain.run(BenchmarkSettings.smoke(), "smoke test", node, progress::add);
        BenchmarkMain.write(report, out);

        assertThat(report.scenarios())
                .extracting(ScenarioResult::id)
                .containsExactly(
                        "scale",
                        "create",
                        "exec",
                        "streaming",
                        "files-1KB",
                        "burst-3",
                        "pause",
                        "snapshot",
                        "e2b",
                        "pool-claim",
                        "pool-burst");
        for (ScenarioResult s : report.scenarios()) {
            for (Measurement m : s.measurements()) {
                assertThat(m.measured() || m.notAvailable())
                        .as("%s / %s: %s", s.id(), m.variant(), m.status())
                        .isTrue();
                if (m.measured()) {
                    assertThat(m.stats().n()).isPositive();
                    if (m.variant().equals(PauseScenario.CPU_PAUSED)) {
                        // A frozen sandbox uses no CPU at all: zero is the expected reading.
                        assertThat(m.stats().p50()).isNotNegative();
                    } else {
                        assertThat(m.stats().p50()).isPositive();
                    }
                }
            }
            assertThat(s.measurements())
                    .as("baselines of %s", s.id())
                    .filteredOn(m -> m.side() == Side.BASELINE)
                    .allMatch(Measurement::measured);
        }
        assertThat(report.scenarios().get(1).comparisons())
                .extracting(Comparison::ratioP50)
                .doesNotContainNull();
        assertThat(report.targets())
                .hasSize(12); // eight of the control plane, four of warm-pool claims (REST and SDK, p50 and p99)
        assertThat(report.createBreakdown().steps())
                .extracting(CreateBreakdown.Step::label)
                .contains("docker create", "docker start");

        JsonNode json =
                new ObjectMapper().readTree(out.resolve(BenchmarkMain.RESULTS).toFile());
        assertThat(json.path("mode").asText()).isEqualTo("smoke");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("scenarios").size()).isEqualTo(report.scenarios().size());
        String md = Files.readString(out.resolve(BenchmarkMain.MARKDOWN));
        assertThat(md)
                .contains(
                        ReportWriter.BEGIN,
                        ReportWriter.END,
                        "| scenario | variant | side | n | p50 | p95 | p99 |",
                        "### Targets");
        for (ScenarioResult s : report.scenarios()) {
            assertThat(md).contains("| " + s.id() + " | ");
        }

        for (String label : List.of("sandbox.dev/node=" + node, "sandbox.dev/node=" + node + "-raw")) {
            assertThat(docker("ps", "-aq", "--filter", "label=" + label))
                    .as("containers %s", label)
                    .isBlank();
            assertThat(docker("volume", "ls", "-q", "--filter", "label=" + label))
                    .as("volumes %s", label)
                    .isBlank();
        }
        assertThat(docker("volume", "ls", "-q", "--filter", "name=" + node))
                .as("volumes named after %s", node)
                .isBlank();
    }

    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor())
                    .as(String.join(" ", command) + ": " + output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
