package dev.sandbox.benchmarks;

import java.util.List;

/**
 * Ours against a baseline in one scenario: the ratio of their medians (and 95th percentiles); above 1 means ours is
 * slower.
 *
 * @param ours variant of ours
 * @param baseline baseline variant
 * @param ratioP50 ours p50 / baseline p50, or null when either was not measured
 * @param ratioP95 ours p95 / baseline p95, or null when either was not measured
 */
public record Comparison(String ours, String baseline, Double ratioP50, Double ratioP95) {

    /** Compares every measured variant of ours with every measured baseline of the same scenario. */
    public static List<Comparison> all(List<Measurement> measurements) {
        List<Measurement> ours =
                measurements.stream().filter(m -> m.side() == Side.OURS).toList();
        List<Measurement> baselines =
                measurements.stream().filter(m -> m.side() == Side.BASELINE).toList();
        return ours.stream().flatMap(o -> baselines.stream().map(b -> of(o, b))).toList();
    }

    public static Comparison of(Measurement ours, Measurement baseline) {
        if (!ours.measured() || !baseline.measured()) {
            return new Comparison(ours.variant(), baseline.variant(), null, null);
        }
        return new Comparison(
                ours.variant(),
                baseline.variant(),
                ratio(ours.stats().p50(), baseline.stats().p50()),
                ratio(ours.stats().p95(), baseline.stats().p95()));
    }

    private static Double ratio(double ours, double baseline) {
        return baseline <= 0 ? null : ours / baseline;
    }
}
