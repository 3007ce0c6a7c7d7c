package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HostConfig docker-java sends for a spec: its profile as it is, its limits, mounts and ports. No Docker. */
class HostConfigRendererTest {
    static SecurityProfile profile(Map<String, String> sysctls) {
        return new SecurityProfile(
                List.of("ALL"),
                List.of(),
                true,
                null,
                true,
                List.of(new SecurityProfile.Tmpfs("/tmp", 64L * 1024 * 1024, "1777")),
                512,
                List.of(new SecurityProfile.Ulimit("nofile", 4096, 4096)),
                sysctls,
                true,
                new SecurityProfile.LogLimits("json-file", "10m", 3));
    }

    static ContainerSpec spec(SecurityProfile profile, String network, List<ContainerSpec.PublishedPort> ports) {
        return new ContainerSpec(
                "sandbox-u1",
                "sandbox-busybox:local",
                null,
                List.of("sleep", "60"),
                List.of("A=1"),
                Map.of("sandbox.dev/uid", "u1"),
                1_500_000_000L,
                512L * 1024 * 1024,
                profile,
                "sandbox-u1-workspace",
                "/workspace",
                network,
                ports,
                null,
                List.of(new ContainerSpec.VolumeMount("shared", "/data", true)));
    }

    @Test
    void rendersEverySettingOfTheProfile() {
        HostConfig host = HostConfigRenderer.hostConfig(spec(profile(Map.of()), "none", List.of()));
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isEmpty();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges:true");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsExactly(entry("/tmp", "rw,nosuid,nodev,size=67108864,mode=1777"));
        assertThat(host.getPidsLimit()).isEqualTo(512L);
        assertThat(host.getUlimits())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Ulimit("nofile", 4096L, 4096L));
        assertThat(host.getSysctls()).isEmpty();
        assertThat(host.getInit()).isTrue();
        assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(host.getLogConfig().getConfig()).containsExactly(entry("max-size", "10m"), entry("max-file", "3"));
    }

    @Test
    void theEngineIsSentTheProfileAsItsApiNamesIt() throws Exception {
        // docker-java's own mapper settings: what goes over the wire to the engine's create call.
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(HostConfigRenderer.hostConfig(spec(profile(Map.of()), "none", List.of())));
        assertThat(json)
                .contains("\"CapDrop\":[\"ALL\"]")
                .contains("\"SecurityOpt\":[\"no-new-privileges:true\"]")
                .contains("\"ReadonlyRootfs\":true")
                .contains("\"LogConfig\":{\"Type\":\"json-file\"")
                .contains("\"Init\":true")
                .contains("\"PidsLimit\":512")
                .contains("\"Privileged\":false");
    }

    @Test
    void rendersLimitsNetworkAndMountsAndLeavesRestartsToTheOperator() {
        HostConfig host = HostConfigRenderer.hostConfig(spec(profile(Map.of()), "none", List.of()));
        assertThat(host.getMemory()).isEqualTo(512L * 1024 * 1024);
        assertThat(host.getMemorySwap()).as("no swap").isEqualTo(512L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(host.getNetworkMode()).isEqualTo("none");
        // docker-java writes "no restart" as the empty name, which the engine takes as "no".
        assertThat(host.getRestartPolicy().getName()).isEmpty();
        assertThat(host.getBinds()).isNullOrEmpty();
        assertThat(host.getDevices()).isNullOrEmpty();
        assertThat(host.getMounts()).hasSize(2);
        assertThat(host.getMounts().get(0).getSource()).isEqualTo("sandbox-u1-workspace");
        assertThat(host.getMounts().get(0).getTarget()).isEqualTo("/workspace");
        assertThat(host.getMounts().get(1).getReadOnly()).isTrue();
    }

    @Test
    void aSeccompProfileAndSysctlsOfTheProfileAreRendered() {
        SecurityProfile withSeccomp = new SecurityProfile(
                List.of("ALL"),
                List.of("NET_BIND_SERVICE"),
                true,
                "/etc/sandbox/seccomp.json",
                true,
                List.of(),
                100,
                List.of(),
                Map.of("net.ipv6.conf.all.disable_ipv6", "1"),
                false,
                new SecurityProfile.LogLimits("json-file", "1m", 1));
        HostConfig host = HostConfigRenderer.hostConfig(spec(withSeccomp, "sandbox-u1-net", List.of()));
        assertThat(host.getSecurityOpts())
                .containsExactly("no-new-privileges:true", "seccomp=/etc/sandbox/seccomp.json");
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_BIND_SERVICE);
        assertThat(host.getSysctls()).containsExactly(entry("net.ipv6.conf.all.disable_ipv6", "1"));
        assertThat(host.getInit()).isFalse();
    }

    @Test
    void publishedPortsBindToTheirHostAddress() {
        ContainerSpec spec = spec(
                profile(Map.of()),
                "sandbox-u1-net",
                List.of(
                        new ContainerSpec.PublishedPort(8080, 0, "127.0.0.1", "tcp"),
                        new ContainerSpec.PublishedPort(53, 5353, "127.0.0.1", "udp")));
        assertThat(HostConfigRenderer.exposedPorts(spec)).containsExactly(ExposedPort.tcp(8080), ExposedPort.udp(53));
        var bindings = HostConfigRenderer.hostConfig(spec).getPortBindings().getBindings();
        assertThat(bindings.get(ExposedPort.tcp(8080))[0].getHostIp()).isEqualTo("127.0.0.1");
        assertThat(bindings.get(ExposedPort.udp(53))[0].getHostPortSpec()).isEqualTo("5353");
    }

    @Test
    void anUnconfinedSeccompProfileCannotBeWritten() {
        assertThatThrownBy(() -> new SecurityProfile(
                        List.of("ALL"),
                        List.of(),
                        true,
                        "unconfined",
                        true,
                        List.of(),
                        1,
                        List.of(),
                        Map.of(),
                        true,
                        new SecurityProfile.LogLimits("json-file", "1m", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
