package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkSpecCheckTest {

    @Test
    void cidrsAreReadStrictlyAndHostNamesAndIpv6AreRefusedWithAReason() {
        assertThat(Ipv4Cidr.parse("10.96.0.0/12").toString()).isEqualTo("10.96.0.0/12");
        assertThat(Ipv4Cidr.parse("198.51.100.7").toString()).isEqualTo("198.51.100.7/32");
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").contains(Ipv4Cidr.parse("8.8.8.8")))
                .isTrue();
        assertThat(Ipv4Cidr.parse("10.0.0.0/8").contains(Ipv4Cidr.parse("10.1.0.0/16")))
                .isTrue();
        assertThat(Ipv4Cidr.parse("10.1.0.0/16").contains(Ipv4Cidr.parse("10.0.0.0/8")))
                .isFalse();
        assertThatThrownBy(() -> Ipv4Cidr.parse("api.example.com")).hasMessageContaining("host name");
        assertThatThrownBy(() -> Ipv4Cidr.parse("2001:db8::/32")).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.2.3/8")).hasMessageContaining("the network is 10.0.0.0/8");
        assertThatThrownBy(() -> Ipv4Cidr.parse("256.1.1.1")).hasMessageContaining("more than 255");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0/8")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Cidr.parse(" ")).hasMessageContaining("IPv4");
    }

    @Test
    void networkErrorsNameTheirField() {
        SandboxSpec spec = new SandboxSpec();
        spec.setImage("sandbox-busybox:local");
        spec.setNetwork(
                new SandboxNetwork(NetworkMode.Egress, List.of("198.51.100.0/24", "example.com"), List.of("::1")));
        assertThat(SpecValidator.validate(spec))
                .extracting(FieldError::field)
                .containsExactly("network.allow[1]", "network.deny[0]");

        spec.setNetwork(new SandboxNetwork(NetworkMode.None, List.of("198.51.100.0/24"), List.of()));
        assertThat(SpecValidator.validate(spec)).extracting(FieldError::field).containsExactly("network.allow");

        spec.setNetwork(
                new SandboxNetwork(NetworkMode.Egress, java.util.Collections.nCopies(65, "198.51.100.1"), List.of()));
        assertThat(SpecValidator.validate(spec)).extracting(FieldError::field).containsExactly("network.allow");

        spec.setNetwork(new SandboxNetwork(NetworkMode.Egress, List.of("198.51.100.0/24"), List.of("198.51.100.7")));
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void theDefaultModeFollowsThePorts() {
        SandboxSpec spec = new SandboxSpec();
        assertThat(SandboxNetwork.effectiveMode(spec)).isEqualTo(NetworkMode.None);
        assertThat(SandboxNetwork.needsBridge(spec)).isFalse();
        SandboxPort port = new SandboxPort();
        port.setInternal(8080);
        spec.setPorts(List.of(port));
        assertThat(SandboxNetwork.effectiveMode(spec)).isEqualTo(NetworkMode.Egress);
        spec.setNetwork(new SandboxNetwork(NetworkMode.None, null, null));
        assertThat(SandboxNetwork.effectiveMode(spec)).isEqualTo(NetworkMode.None);
        assertThat(SandboxNetwork.needsBridge(spec))
                .as("ports are still served")
                .isTrue();
        spec.setPorts(List.of());
        spec.setNetwork(new SandboxNetwork(NetworkMode.Egress, null, null));
        assertThat(SandboxNetwork.needsBridge(spec)).isTrue();
        spec.setNetwork(new SandboxNetwork(null, List.of("198.51.100.0/24"), null));
        assertThat(SandboxNetwork.effectiveMode(spec)).as("lists mean egress").isEqualTo(NetworkMode.Egress);
    }

    @Test
    void externalPortsMustLieInTheRangeAndNotBeReserved() {
        SandboxSpec spec = new SandboxSpec();
        spec.setPorts(List.of(
                port(8080, 80),
                port(8081, 30000),
                port(8082, null),
                port(8083, 32767),
                port(8084, 32768),
                port(8085, 31000)));
        assertThat(NetworkSpecCheck.checkExternalPorts(spec, PortRange.DEFAULT, Set.of(31000)))
                .extracting(FieldError::field)
                .containsExactly("ports[0].external", "ports[4].external", "ports[5].external");
        assertThat(PortRange.parse(" 40000-40010 ")).isEqualTo(new PortRange(40000, 40010));
        assertThatThrownBy(() -> PortRange.parse("40010-40000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortRange.parse("all")).isInstanceOf(IllegalArgumentException.class);
    }

    private static SandboxPort port(int internal, Integer external) {
        SandboxPort p = new SandboxPort();
        p.setInternal(internal);
        p.setExternal(external);
        return p;
    }
}
