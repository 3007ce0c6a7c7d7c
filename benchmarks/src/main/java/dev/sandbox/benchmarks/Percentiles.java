package dev.sandbox.benchmarks;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary of one set of samples: count, nearest-rank percentiles, mean, minimum and maximum, in the samples' unit.
 *
 * @param n number of samples
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile (the maximum when there are fewer than 100 samples)
 * @param mean arithmetic mean
 * @param min smallest sample
 * @param max largest sample
 */
public record Percentiles(int n, double p50, double p95, double p99, double mean, double min, double max) {

    /** Summarises the samples; at least one is needed. */
    public static Percentiles of(Collection<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted =
                samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Percentiles(
                sorted.length,
                rank(sorted, 50),
                rank(sorted, 95),
                rank(sorted, 99),
                Arrays.stream(sorted).average().orElseThrow(),
                sorted[0],
                sorted[sorted.length - 1]);
    }

    /** A single reading (a memory size, one duration): every statistic is that value. */
    public static Percentiles single(double value) {
        return new Percentiles(1, value, value, value, value, value, value);
    }

    /** Nearest-rank percentile: the smallest sample with at least {@code p} percent of the samples at or below it. */
    private static double rank(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
