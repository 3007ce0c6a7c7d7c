package dev.sandbox.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.operator.NetworkConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetPoolTest {
    private static final Ipv4Cidr POOL = Ipv4Cidr.parse("10.223.0.0/16");

    @Test
    void choicesAreDistinctSlashTwentyEightsInsideThePool() {
        List<String> choices = SubnetPool.choices(POOL, "sandbox-net-0f3c");
        assertThat(choices).hasSize(SubnetPool.MAX_CHOICES).doesNotHaveDuplicates();
        for (String choice : choices) {
            Ipv4Cidr subnet = Ipv4Cidr.parse(choice);
            assertThat(subnet.prefix()).isEqualTo(28);
            assertThat(POOL.contains(subnet)).as(choice).isTrue();
        }
    }

    @Test
    void theFirstChoiceDependsOnTheNameOnly() {
        assertThat(SubnetPool.choices(POOL, "net-a")).isEqualTo(SubnetPool.choices(POOL, "net-a"));
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            firsts.add(SubnetPool.choices(POOL, "net-" + i).get(0));
        }
        // 200 names over 4,096 slots: nearly all first choices differ.
        assertThat(firsts.size()).isGreaterThan(190);
    }

    @Test
    void aSmallPoolOffersEachOfItsSlotsOnce() {
        List<String> choices = SubnetPool.choices(Ipv4Cidr.parse("192.0.2.0/26"), "x");
        assertThat(choices)
                .containsExactlyInAnyOrder("192.0.2.0/28", "192.0.2.16/28", "192.0.2.32/28", "192.0.2.48/28");
    }

    @Test
    void withoutAPoolTheEngineChooses() {
        assertThat(SubnetPool.choices(null, "x")).isEmpty();
    }

    @Test
    void thePoolComesFromTheEnvironmentAndMustHoldOneNetwork() {
        assertThat(NetworkConfig.fromEnvironment(Map.of()).subnetPool())
                .isEqualTo(Ipv4Cidr.parse(NetworkConfig.DEFAULT_SUBNET_POOL));
        assertThat(NetworkConfig.fromEnvironment(Map.of("SANDBOX_NETWORK_POOL", "172.30.0.0/20"))
                        .subnetPool())
                .isEqualTo(Ipv4Cidr.parse("172.30.0.0/20"));
        assertThatThrownBy(() -> NetworkConfig.fromEnvironment(Map.of("SANDBOX_NETWORK_POOL", "10.0.0.0/30")))
                .hasMessageContaining("SANDBOX_NETWORK_POOL");
        assertThatThrownBy(() -> NetworkConfig.fromEnvironment(Map.of("SANDBOX_NETWORK_POOL", "ten")))
                .hasMessageContaining("SANDBOX_NETWORK_POOL");
    }
}
