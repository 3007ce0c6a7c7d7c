package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    static BenchmarkReport report(double loadBefore) {
        ScenarioResult create = ScenarioResult.of(
                CreateScenario.ID,
                "Cold create",
                List.of(
                        Measurement.of(CreateScenario.REST, Side.OURS, "ms", List.of(300.0, 320.0)),
                        Measurement.notAvailable(CreateScenario.SDK, Side.OURS, "ms", "no SDK"),
                        Measurement.of(CreateScenario.DOCKER_JAVA, Side.BASELINE, "ms", List.of(250.0, 260.0))),
                List.of("a note"));
        ScenarioResult scale = ScenarioResult.of(
                ScaleScenario.ID,
                "Scale",
                List.of(Measurement.single(ScaleScenario.rss(200), Side.OURS, "MB", 512.4)),
                List.of());
        CreateBreakdown breakdown = new CreateBreakdown(
                2,
                310,
                240,
                List.of(new CreateBreakdown.Step("docker create", 20, 50, 2)),
                List.of(new CreateBreakdown.Reference("REST GET", 4.5, 2)));
        return new BenchmarkReport(
                "smoke",
                "bin/sandbox bench",
                Instant.parse("2026-01-01T10:00:00Z"),
                Instant.parse("2026-01-01T10:12:30Z"),
                new MachineInfo(2, "Some CPU", 24L * 1024 * 1024 * 1024, "6.1.0", "20.10.24", "OpenJDK 17"),
                new LoadAverage(loadBefore, 1, 1),
                new LoadAverage(0.5, 1, 1),
                BenchmarkSettings.smoke(),
                List.of(create, scale),
                Targets.evaluate(List.of(create, scale)),
                breakdown);
    }

    @Test
    void markdownHasTheMachineTheSummaryTheTargetsAndTheBreakdown() {
        String md = ReportWriter.toMarkdown(report(0.2));
        assertThat(md)
                .contains("`bin/sandbox bench` (mode `smoke`)")
                .contains("took 12 min 30 s")
                .contains("2 cores (Some CPU), 24.0 GiB memory, kernel 6.1.0, Docker 20.10.24, OpenJDK 17")
                .contains("| scenario | variant | side | n | p50 | p95 | p99 | unit | ours / baseline (p50) |")
                .contains(
                        "| create | REST POST /v1/sandboxes?wait=true | ours | 2 | 300 | 320 | 320 | ms | 1.20× docker-java create+start |")
                .contains(
                        "| create | SDK createSandbox(request, wait=true) | ours | — | — | — | — | ms | not available in this build: no SDK |")
                .contains("| scale | JVM RSS with 200 running sandboxes | ours | 1 | 512 | — | — | MB |")
                .contains(
                        "| create p50: REST POST /v1/sandboxes?wait=true / docker-java create+start (operator's HostConfig) | ≤ 1.15× | 1.200× | MISS |")
                .contains("| control-plane RSS with 200 running sandboxes | ≤ 600 MB | 512 MB | PASS |")
                .contains("| burst of 50, makespan p50: REST / docker-java | ≤ 1.30× | — | not measured |")
                .contains("| docker create | 20.0 | 50.0 | 2/2 |")
                .contains("| REST GET | 4.50 | 2 |")
                .doesNotContain("busy with other work");
        assertThat(ReportWriter.toMarkdown(report(3.5))).contains("busy with other work");
    }

    @Test
    void mergingKeepsWhatIsWrittenAroundTheResults() {
        String first = ReportWriter.mergeInto(null, report(0.2));
        assertThat(first).startsWith("# Benchmarks\n\n" + ReportWriter.BEGIN).endsWith(ReportWriter.END + "\n");
        String edited = "# Benchmarks\n\nIntro.\n\n" + first.substring(first.indexOf(ReportWriter.BEGIN))
                + "\n## Findings\n\nOurs.\n";
        String second = ReportWriter.mergeInto(edited, report(3.5));
        assertThat(second)
                .startsWith("# Benchmarks\n\nIntro.\n\n" + ReportWriter.BEGIN)
                .endsWith("\n## Findings\n\nOurs.\n")
                .contains("busy with other work");
        assertThat(second.split(java.util.regex.Pattern.quote(ReportWriter.BEGIN), -1))
                .hasSize(2);
    }

    @Test
    void jsonHoldsEverything() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportWriter.toJson(report(0.2)));
        assertThat(json.path("startedAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("scenarios")
                        .get(0)
                        .path("measurements")
                        .get(0)
                        .path("stats")
                        .path("p50")
                        .asDouble())
                .isEqualTo(300);
        assertThat(json.path("scenarios")
                        .get(0)
                        .path("comparisons")
                        .get(0)
                        .path("ratioP50")
                        .asDouble())
                .isEqualTo(1.2);
        assertThat(json.path("targets").size()).isEqualTo(12);
        assertThat(json.path("createBreakdown")
                        .path("steps")
                        .get(0)
                        .path("label")
                        .asText())
                .isEqualTo("docker create");
    }
}
