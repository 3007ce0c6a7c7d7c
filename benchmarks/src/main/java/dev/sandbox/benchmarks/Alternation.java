package dev.sandbox.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the variants of a scenario in turn, one trial of each per iteration, starting each iteration with the next
 * variant (A B C, B C A, C A B, ...), so drifting load on the machine hits them all alike. A variant that fails is
 * reported with its error and left out of later iterations; the others go on.
 */
final class Alternation {
    private static final Logger log = LoggerFactory.getLogger(Alternation.class);

    /** One trial: does the work, times what counts and adds the milliseconds to its rows. */
    @FunctionalInterface
    interface Trial {
        void run(Samples samples) throws Exception;
    }

    /** Where a trial puts its timings. */
    @FunctionalInterface
    interface Samples {
        void add(String row, double value);

        /** Runs {@code work} and adds the milliseconds it took to {@code row}. */
        default void time(String row, Work work) throws Exception {
            long t0 = System.nanoTime();
            work.run();
            add(row, millisSince(t0));
        }

        /** Runs {@code work}, adds the milliseconds it took to {@code row} and returns what it returned. */
        default <T> T time(String row, Callable<T> work) throws Exception {
            long t0 = System.nanoTime();
            T result = work.call();
            add(row, millisSince(t0));
            return result;
        }
    }

    /** Work whose duration is what a row counts. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private record Row(String name, Side side, String unit, List<Double> values) {}

    private record Variant(String name, List<String> rows, Trial trial) {}

    private final String scenario;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<Variant> variants = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    Alternation(String scenario) {
        this.scenario = scenario;
    }

    /** A variant whose single row has the variant's name. */
    Alternation variant(String name, Side side, String unit, Trial trial) {
        return variant(name, List.of(name), side, unit, trial);
    }

    /** A variant whose single row, in milliseconds, is how long {@code work} takes. */
    Alternation timed(String name, Side side, Work work) {
        return variant(name, side, "ms", samples -> samples.time(name, work));
    }

    /** A variant whose trials fill several rows (a write and a read, say). */
    Alternation variant(String name, List<String> rowNames, Side side, String unit, Trial trial) {
        for (String row : rowNames) {
            rows.put(row, new Row(row, side, unit, new ArrayList<>()));
        }
        variants.add(new Variant(name, List.copyOf(rowNames), trial));
        return this;
    }

    /** Runs {@code warmup} uncounted and then {@code iterations} counted rounds. */
    Alternation run(int warmup, int iterations) {
        for (int i = 0; i < warmup + iterations; i++) {
            boolean counted = i >= warmup;
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get((i + k) % variants.size());
                if (failures.containsKey(v.name())) {
                    continue;
                }
                try {
                    v.trial().run((row, value) -> {
                        if (!v.rows().contains(row)) {
                            throw new IllegalArgumentException("variant " + v.name() + " has no row " + row);
                        }
                        if (counted) {
                            rows.get(row).values().add(value);
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (Exception e) {
                    log.warn("{}: {} failed in iteration {}: {}", scenario, v.name(), i + 1, e.toString());
                    failures.put(v.name(), e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
            if ((i + 1) % 10 == 0) {
                log.info("{}: {} of {} iterations done", scenario, i + 1, warmup + iterations);
            }
        }
        return this;
    }

    List<Measurement> measurements() {
        List<Measurement> result = new ArrayList<>();
        for (Variant v : variants) {
            for (String name : v.rows()) {
                Row row = rows.get(name);
                if (failures.containsKey(v.name())) {
                    result.add(Measurement.failed(name, row.side(), row.unit(), failures.get(v.name())));
                } else if (row.values().isEmpty()) {
                    result.add(Measurement.failed(name, row.side(), row.unit(), "no samples"));
                } else {
                    result.add(Measurement.of(name, row.side(), row.unit(), row.values()));
                }
            }
        }
        return result;
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
