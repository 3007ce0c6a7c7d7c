package dev.sandbox.benchmarks;

/**
 * A goal the issue set, next to what this run measured. Reported, never asserted: numbers from a shared machine are
 * too noisy to fail a build on.
 *
 * @param name what is compared, e.g. {@code create: REST p50 / docker-java create+start p50}
 * @param limit the largest acceptable value
 * @param unit unit of limit and measured value ({@code x} for ratios)
 * @param measured the measured value, or null
 * @param verdict PASS, MISS or NOT_MEASURED
 */
public record Target(String name, double limit, String unit, Double measured, Verdict verdict) {

    public static Target check(String name, double limit, String unit, Double measured) {
        Verdict verdict = measured == null ? Verdict.NOT_MEASURED : measured <= limit ? Verdict.PASS : Verdict.MISS;
        return new Target(name, limit, unit, measured, verdict);
    }
}
