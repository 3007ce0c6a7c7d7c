package dev.sandbox.benchmarks;

import java.time.Instant;
import java.util.List;

/**
 * Everything one run measured, with what it was measured on: the content of {@code BENCHMARKS.md} and
 * {@code benchmarks/results/latest.json}.
 *
 * @param mode {@code full} or {@code smoke}
 * @param command the command that produced it
 * @param startedAt start of the run
 * @param finishedAt end of the run
 * @param machine the machine
 * @param loadBefore load average at the start
 * @param loadAfter load average at the end
 * @param settings the counts used
 * @param scenarios results, in the order run
 * @param targets the targets against the results
 * @param createBreakdown where create time goes, or null when not profiled
 */
public record BenchmarkReport(
        String mode,
        String command,
        Instant startedAt,
        Instant finishedAt,
        MachineInfo machine,
        LoadAverage loadBefore,
        LoadAverage loadAfter,
        BenchmarkSettings settings,
        List<ScenarioResult> scenarios,
        List<Target> targets,
        CreateBreakdown createBreakdown) {}
