package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import dev.sandbox.client.SandboxStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's statistics JSON as a reading and as the node agent answers it, computed as {@code docker stats} does. */
class DockerStatsTest {
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void computesCpuPercentMemoryWithoutCacheNetworkAndBlockIo() throws Exception {
        Statistics raw = json.readValue("""
        {"read": "2026-01-01T00:00:01Z",
         "cpu_stats": {"cpu_usage": {"total_usage": 3000000000}, "system_cpu_usage": 20000000000, "online_cpus": 2},
         "precpu_stats": {"cpu_usage": {"total_usage": 2000000000}, "system_cpu_usage": 16000000000, "online_cpus": 2},
         "memory_stats": {"usage": 50000000, "limit": 268435456, "stats": {"total_inactive_file": 10000000}},
         "pids_stats": {"current": 7},
         "networks": {"eth0": {"rx_bytes": 100, "tx_bytes": 40}, "eth1": {"rx_bytes": 1, "tx_bytes": 2}},
         "blkio_stats": {"io_service_bytes_recursive": [
            {"major": 8, "minor": 0, "op": "Read", "value": 4096},
            {"major": 8, "minor": 0, "op": "Write", "value": 8192},
            {"major": 8, "minor": 0, "op": "Total", "value": 12288}]}}
        """, Statistics.class);

        SandboxStats stats = DockerStats.toStats(raw).orElseThrow().toSandboxStats(null);

        // 1 s of CPU over 4 s of the whole 2-core system = 25 % of the system = 50 % of one core.
        assertThat(stats.use().cpuPercent()).isEqualTo(50.0);
        assertThat(stats.use().memoryBytes()).isEqualTo(40_000_000L);
        assertThat(stats.use().memoryLimitBytes()).isEqualTo(268_435_456L);
        assertThat(stats.use().pids()).isEqualTo(7);
        assertThat(stats.use().networkRxBytes()).isEqualTo(101);
        assertThat(stats.use().networkTxBytes()).isEqualTo(42);
        assertThat(stats.use().blockReadBytes()).isEqualTo(4096);
        assertThat(stats.use().blockWriteBytes()).isEqualTo(8192);
        assertThat(stats.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        // The node agent's JSON is one flat object, as the REST API documents it.
        List<String> fields = new ArrayList<>();
        new ObjectMapper().valueToTree(stats).fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "timestamp",
                        "cpuPercent",
                        "memoryBytes",
                        "memoryLimitBytes",
                        "pids",
                        "networkRxBytes",
                        "networkTxBytes",
                        "blockReadBytes",
                        "blockWriteBytes");
    }

    @Test
    void firstStreamSampleHasZeroCpuAndMissingSectionsAreZero() throws Exception {
        Statistics raw = json.readValue("""
        {"read": "2026-01-01T00:00:01Z", "cpu_stats": {"cpu_usage": {"total_usage": 5}, "system_cpu_usage": 10},
         "precpu_stats": {"cpu_usage": {"total_usage": 0}}, "memory_stats": {}}
        """, Statistics.class);
        SandboxStats stats = DockerStats.toStats(raw).orElseThrow().toSandboxStats(null);
        assertThat(stats.use().cpuPercent()).isZero();
        assertThat(stats.use().networkRxBytes()).isZero();
        assertThat(stats.use().pids()).isZero();
        assertThat(stats.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
    }

    @Test
    void theBlankReadingOfAContainerThatIsNotRunningIsNoReading() throws Exception {
        Statistics raw = json.readValue("""
        {"read": "0001-01-01T00:00:00Z", "cpu_stats": {"cpu_usage": {}}, "precpu_stats": {"cpu_usage": {}}, "memory_stats": {}}
        """, Statistics.class);
        assertThat(DockerStats.toStats(raw)).isEmpty();
    }
}
