package dev.sandbox.operator.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.client.ResourceUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The operator's series read the latest pass and survive scrapes that run while a pass replaces the values. */
class OperatorMetricsTest {

    static UsageSample sample(String name, long memory) {
        return new UsageSample(
                "uid-" + name,
                "team-a",
                name,
                Instant.now(),
                new ResourceUse(12.5, memory, 512L << 20, 3, 10, 20, 30, 40));
    }

    static List<UsageSample> pass(int count, long memory) {
        List<UsageSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(sample("sbx-" + i, memory));
        }
        return samples;
    }

    @Test
    void summedSeriesFollowTheLastPassAndPhasesAreReadWhenScraped() {
        OperatorMetrics metrics = new OperatorMetrics("node-1", false);
        metrics.phases(() -> Map.of("Running", 2L, "Stopped", 1L));
        metrics.usage(pass(2, 100));
        String text = metrics.scrape();
        assertThat(text).contains("sandbox_usage_memory_bytes{node=\"node-1\"} 200.0");
        assertThat(text).contains("sandbox_operator_sandboxes{node=\"node-1\",phase=\"Running\"} 2.0");
        assertThat(text).contains("sandbox_operator_sandboxes{node=\"node-1\",phase=\"Stopped\"} 1.0");
        assertThat(text).contains("sandbox_operator_sandboxes{node=\"node-1\",phase=\"Failed\"} 0.0");

        metrics.usage(pass(1, 50));
        metrics.phases(() -> Map.of("Running", 1L));
        text = metrics.scrape();
        assertThat(text).contains("sandbox_usage_memory_bytes{node=\"node-1\"} 50.0");
        assertThat(text).contains("sandbox_operator_sandboxes{node=\"node-1\",phase=\"Stopped\"} 0.0");
    }

    @Test
    void perSandboxSeriesAppearAndGoWithTheirSandboxes() {
        OperatorMetrics metrics = new OperatorMetrics("node-1", true);
        metrics.usage(pass(2, 100));
        String text = metrics.scrape();
        assertThat(text)
                .contains("sandbox_usage_memory_bytes{name=\"sbx-0\",namespace=\"team-a\",node=\"node-1\"} 100.0");
        assertThat(text)
                .contains("sandbox_usage_memory_bytes{name=\"sbx-1\",namespace=\"team-a\",node=\"node-1\"} 100.0");

        metrics.usage(pass(1, 70));
        text = metrics.scrape();
        assertThat(text)
                .contains("sandbox_usage_memory_bytes{name=\"sbx-0\",namespace=\"team-a\",node=\"node-1\"} 70.0");
        assertThat(text).doesNotContain("sbx-1");
    }

    @Test
    void scrapesRunningWhileEveryPassReplacesTheValuesNeverFail() throws Exception {
        for (boolean perSandbox : new boolean[] {false, true}) {
            OperatorMetrics metrics = new OperatorMetrics("node-1", perSandbox);
            metrics.phases(() -> Map.of("Running", 50L));
            // Per-sandbox series exist from the first pass on: make it before the scrapes start.
            metrics.usage(pass(50, 0));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<?> sampler = pool.submit(() -> {
                    long i = 0;
                    while (!stop.get()) {
                        metrics.usage(pass(50, i++));
                    }
                });
                List<Future<Integer>> scrapers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    scrapers.add(pool.submit(() -> {
                        int scrapes = 0;
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                        while (System.nanoTime() < until) {
                            assertThat(metrics.scrape()).contains("sandbox_usage_memory_bytes");
                            scrapes++;
                        }
                        return scrapes;
                    }));
                }
                for (Future<Integer> scraper : scrapers) {
                    assertThat(scraper.get(30, TimeUnit.SECONDS)).isPositive();
                }
                stop.set(true);
                sampler.get(30, TimeUnit.SECONDS);
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
    }
}
