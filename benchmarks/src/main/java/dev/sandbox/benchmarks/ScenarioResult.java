package dev.sandbox.benchmarks;

import java.util.List;

/**
 * What one scenario measured.
 *
 * @param id short identifier, e.g. {@code create}
 * @param title what the scenario measures, in a sentence
 * @param measurements one row per variant, ours and baselines
 * @param comparisons ours against each baseline
 * @param notes anything a reader needs to read the numbers right (what was left out and why, how it was measured)
 */
public record ScenarioResult(
        String id, String title, List<Measurement> measurements, List<Comparison> comparisons, List<String> notes) {

    /** A scenario whose rows all measure the same thing: each of ours is compared with each baseline. */
    public static ScenarioResult of(String id, String title, List<Measurement> measurements, List<String> notes) {
        return new ScenarioResult(
                id, title, List.copyOf(measurements), Comparison.all(measurements), List.copyOf(notes));
    }

    /** A scenario whose rows measure different things (write and read, makespan and latency): only these pairs compare. */
    public static ScenarioResult withPairs(
            String id, String title, List<Measurement> measurements, List<Measurement[]> pairs, List<String> notes) {
        List<Comparison> comparisons =
                pairs.stream().map(p -> Comparison.of(p[0], p[1])).toList();
        return new ScenarioResult(id, title, List.copyOf(measurements), comparisons, List.copyOf(notes));
    }

    /** The row of this variant, if the scenario has one. */
    public java.util.Optional<Measurement> measurement(String variant) {
        return measurements.stream().filter(m -> m.variant().equals(variant)).findFirst();
    }

    /** Ratio of the medians of two variants, if both were measured. */
    public java.util.Optional<Double> ratioP50(String ours, String baseline) {
        return comparisons.stream()
                .filter(c -> c.ours().equals(ours) && c.baseline().equals(baseline) && c.ratioP50() != null)
                .map(Comparison::ratioP50)
                .findFirst();
    }
}
