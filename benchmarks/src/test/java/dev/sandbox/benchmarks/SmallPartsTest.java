package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Settings, probes and readings of the operating system. */
class SmallPartsTest {
    @Test
    void settingsAreOverriddenByPropertiesBeforeTheEnvironment() {
        Properties props = new Properties();
        props.setProperty("bench.create.iterations", "7");
        props.setProperty("bench.scale.counts", "0, 20,40");
        BenchmarkSettings s = BenchmarkSettings.overridden(
                BenchmarkSettings.full(),
                props,
                Map.of(
                        "SANDBOX_BENCH_CREATE_ITERATIONS",
                        "9",
                        "SANDBOX_BENCH_BURST_SIZES",
                        "10,20",
                        "SANDBOX_BENCH_STREAM_INTERVAL_MS",
                        "25"));
        assertThat(s.createIterations()).isEqualTo(7);
        assertThat(s.scaleCounts()).containsExactly(0, 20, 40);
        assertThat(s.burstSizes()).containsExactly(10, 20);
        assertThat(s.streamIntervalMs()).isEqualTo(25);
        assertThat(s.execIterations()).isEqualTo(BenchmarkSettings.full().execIterations());
    }

    @Test
    void badSettingsNameTheirKey() {
        Properties props = new Properties();
        props.setProperty("bench.exec.iterations", "many");
        assertThatThrownBy(() -> BenchmarkSettings.overridden(BenchmarkSettings.smoke(), props, Map.of()))
                .hasMessageContaining("bench.exec.iterations");
        assertThatThrownBy(() -> BenchmarkSettings.overridden(
                        BenchmarkSettings.smoke(), new Properties(), Map.of("SANDBOX_BENCH_SCALE_COUNTS", "10,5")))
                .hasMessageContaining("ascending");
    }

    @Test
    void aRouteIsMissingOnlyWhenTheGatewaySaysSo() {
        assertThat(GatewayApi.routeMissing(404, "Endpoint POST /v1/x not found"))
                .isTrue();
        assertThat(GatewayApi.routeMissing(
                        404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such endpoint: POST /v1/x\"}}"))
                .isTrue();
        assertThat(GatewayApi.routeMissing(405, "")).isTrue();
        assertThat(GatewayApi.routeMissing(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no file 'a'\"}}"))
                .isFalse();
        assertThat(GatewayApi.routeMissing(
                        400, "{\"error\":{\"code\":\"invalid_request\",\"message\":\"'command' is required\"}}"))
                .isFalse();
    }

    @Test
    void readsResidentSetSizeAndLoad() {
        assertThat(ProcessMemory.parseRss("Name:\tjava\nVmRSS:\t  302144 kB\nVmSwap:\t0 kB\n"))
                .isEqualTo(302144L * 1024);
        assertThat(ProcessMemory.rss()).isPositive();
        assertThat(LoadAverage.parse("5.60 6.40 6.01 3/900 12345\n")).isEqualTo(new LoadAverage(5.6, 6.4, 6.01));
        assertThat(new LoadAverage(5.6, 6.4, 6.01)).hasToString("5.60, 6.40, 6.01");
    }

    @Test
    void fileSizesReadAsPeopleWriteThem() {
        assertThat(List.of(1024, 10 * 1024 * 1024, 1000).stream().map(FilesScenario::sizeLabel))
                .containsExactly("1 KB", "10 MB", "1000 B");
    }
}
