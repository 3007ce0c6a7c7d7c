package dev.sandbox.benchmarks;

/** How a measurement compares with its target. */
public enum Verdict {
    PASS,
    MISS,
    /** The numbers the target needs were not measured in this run (a smaller run, or an endpoint this build lacks). */
    NOT_MEASURED
}
