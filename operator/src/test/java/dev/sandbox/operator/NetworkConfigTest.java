package dev.sandbox.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.crd.PortRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkConfigTest {

    @Test
    void readsTheEnvironmentAndNamesTheVariableOfABadValue() {
        NetworkConfig c = NetworkConfig.fromEnvironment(Map.of(
                "SANDBOX_BLOCKED_CIDRS",
                "10.96.0.0/12, 10.244.0.0/16",
                "SANDBOX_PORT_RANGE",
                "40000-40100",
                "SANDBOX_DNS_SERVERS",
                "",
                "SANDBOX_FIREWALL",
                "false",
                "SANDBOX_RESERVED_PORTS",
                "40001"));
        assertThat(c.blockedCidrs()).containsExactly(Ipv4Cidr.parse("10.96.0.0/12"), Ipv4Cidr.parse("10.244.0.0/16"));
        assertThat(c.portRange()).isEqualTo(new PortRange(40000, 40100));
        assertThat(c.dnsServers()).isEmpty();
        assertThat(c.firewall()).isFalse();
        assertThat(c.reservedPorts()).containsExactly(40001);
        assertThatThrownBy(() -> NetworkConfig.fromEnvironment(Map.of("SANDBOX_BLOCKED_CIDRS", "cluster.local")))
                .hasMessageStartingWith("SANDBOX_BLOCKED_CIDRS:");
        assertThatThrownBy(() -> NetworkConfig.fromEnvironment(Map.of("SANDBOX_PORT_RANGE", "1-")))
                .hasMessageStartingWith("SANDBOX_PORT_RANGE:");
        NetworkConfig d = NetworkConfig.fromEnvironment(Map.of());
        assertThat(d.firewall()).isTrue();
        assertThat(d.portRange()).isEqualTo(PortRange.DEFAULT);
        assertThat(d.blockedCidrs())
                .contains(
                        Ipv4Cidr.parse("10.0.0.0/8"),
                        Ipv4Cidr.parse("172.16.0.0/12"),
                        Ipv4Cidr.parse("192.168.0.0/16"));
    }

    @Test
    void resolversAreTheIpv4NameServersOfResolvConfButLoopback(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(
                conf,
                "# comment\nsearch example.com\nnameserver 127.0.0.53\nnameserver 10.255.255.53\nnameserver fd00::1\n");
        assertThat(NetworkConfig.resolvers(conf)).isEqualTo(List.of(Ipv4Cidr.parse("10.255.255.53")));
        assertThat(NetworkConfig.resolvers(dir.resolve("missing"))).isEmpty();
    }
}
