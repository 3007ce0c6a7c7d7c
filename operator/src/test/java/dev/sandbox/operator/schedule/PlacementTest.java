package dev.sandbox.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.operator.node.NodeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long GIB = 1024L * 1024 * 1024;
    static final List<NodeRecord> NODES = List.of(
            new NodeRecord("a", 2, 2 * GIB, NOW),
            new NodeRecord("b", 4, 4 * GIB, NOW),
            new NodeRecord("gone", 64, 64 * GIB, NOW.minusSeconds(120)));

    @Test
    void picksTheLeastLoadedLiveNodeWithRoom() {
        Placement.Amount small = new Placement.Amount(1, GIB / 2);
        assertThat(Placement.choose(NODES, Map.of(), small, NOW)).contains("b");
        assertThat(Placement.choose(NODES, Map.of("b", new Placement.Amount(3, 3 * GIB)), small, NOW))
                .contains("a");
    }

    @Test
    void nothingFitsWhenEitherCpuOrMemoryIsShortAndStaleNodesDoNotCount() {
        assertThat(Placement.choose(NODES, Map.of(), new Placement.Amount(8, GIB), NOW))
                .isEmpty();
        assertThat(Placement.choose(NODES, Map.of(), new Placement.Amount(1, 8 * GIB), NOW))
                .isEmpty();
        assertThat(Placement.unschedulableMessage(NODES, Map.of(), new Placement.Amount(8, GIB), NOW))
                .contains("no node has room for 8.0 CPUs and 1024 MiB")
                .contains("a has 2.0 CPUs")
                .doesNotContain("gone");
    }

    @Test
    void exactFitsAreAccepted() {
        NodeRecord a = NODES.get(0);
        assertThat(Placement.fits(a, new Placement.Amount(1.5, GIB), new Placement.Amount(0.5, GIB)))
                .isTrue();
        assertThat(Placement.fits(a, new Placement.Amount(1.5, GIB), new Placement.Amount(0.6, GIB)))
                .isFalse();
        assertThat(Placement.fits(a, new Placement.Amount(1.5, GIB), new Placement.Amount(0.5, GIB + 1)))
                .isFalse();
    }
}
