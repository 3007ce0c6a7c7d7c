package dev.sandbox.benchmarks;

import java.util.Collection;

/**
 * One row of a scenario: a way of doing the same thing (through the REST gateway, the SDK, docker-java, the docker
 * command line), with its samples summarised, or why there are none.
 *
 * @param variant what was measured, e.g. {@code REST POST /v1/sandboxes?wait=true}
 * @param side ours or baseline
 * @param unit unit of the statistics, e.g. {@code ms} or {@code MB}
 * @param stats the summary, or null when nothing was measured
 * @param status null when measured; otherwise why not ({@code not available in this build: ...}, {@code failed: ...})
 */
public record Measurement(String variant, Side side, String unit, Percentiles stats, String status) {
    public static final String NOT_AVAILABLE = "not available in this build";

    public static Measurement of(String variant, Side side, String unit, Collection<Double> samples) {
        return new Measurement(variant, side, unit, Percentiles.of(samples), null);
    }

    public static Measurement single(String variant, Side side, String unit, double value) {
        return new Measurement(variant, side, unit, Percentiles.single(value), null);
    }

    /** A variant that needs an endpoint or SDK call this build does not have. */
    public static Measurement notAvailable(String variant, Side side, String unit, String why) {
        return new Measurement(variant, side, unit, null, NOT_AVAILABLE + ": " + why);
    }

    public static Measurement failed(String variant, Side side, String unit, String why) {
        return new Measurement(variant, side, unit, null, "failed: " + why);
    }

    public boolean measured() {
        return stats != null;
    }

    public boolean notAvailable() {
        return status != null && status.startsWith(NOT_AVAILABLE);
    }
}
