package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.ContainerPlanner;
import dev.sandbox.operator.model.SandboxSecurity;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.SecurityProfile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerRunArgsTest {
    private static ContainerSpec spec(SecurityProfile profile) {
        return new ContainerSpec(
                "sandbox-u1",
                "sandbox-busybox:local",
                null,
                List.of("sleep", "60"),
                List.of("A=1"),
                Map.of("sandbox.dev/node", "n1", "sandbox.dev/uid", "u1"),
                1_500_000_000L,
                512L * 1024 * 1024,
                profile,
                "sandbox-u1-workspace",
                "/workspace",
                "none",
                List.of(),
                null,
                List.of());
    }

    @Test
    void carriesEveryLimitAndTheSandboxSecurityProfileOfTheOperatorsCreate() {
        List<String> args = DockerRunArgs.of(spec(SandboxSecurity.profile(OperatorConfig.defaults(), false)));
        assertThat(String.join(" ", args))
                .isEqualTo("docker run -d --name sandbox-u1 --cap-drop ALL --security-opt no-new-privileges:true"
                        + " --read-only --tmpfs /tmp:rw,nosuid,nodev,size=67108864,mode=1777 --pids-limit 512"
                        + " --ulimit nofile=4096:4096 --init --log-driver json-file --log-opt max-size=10m"
                        + " --log-opt max-file=3 --memory 536870912 --memory-swap 536870912 --cpus 1.5"
                        + " --restart no --network none --mount type=volume,src=sandbox-u1-workspace,dst=/workspace"
                        + " --label sandbox.dev/node=n1 --label sandbox.dev/uid=u1 --env A=1 sandbox-busybox:local"
                        + " sleep 60");
    }

    @Test
    void rendersWhateverTheProfileSaysRatherThanConstantsOfItsOwn() {
        SecurityProfile other = new SecurityProfile(
                List.of("ALL"),
                List.of("NET_BIND_SERVICE"),
                false,
                "/etc/sandbox/seccomp.json",
                false,
                List.of(new SecurityProfile.Tmpfs("/run", 1024, "0755")),
                7,
                List.of(new SecurityProfile.Ulimit("nproc", 10, 20)),
                Map.of("net.ipv6.conf.all.disable_ipv6", "1"),
                false,
                new SecurityProfile.LogLimits("local", "1m", 2));
        assertThat(String.join(" ", DockerRunArgs.security(other)))
                .isEqualTo("--cap-drop ALL --cap-add NET_BIND_SERVICE --security-opt seccomp=/etc/sandbox/seccomp.json"
                        + " --tmpfs /run:rw,nosuid,nodev,size=1024,mode=0755 --pids-limit 7 --ulimit nproc=10:20"
                        + " --sysctl net.ipv6.conf.all.disable_ipv6=1 --log-driver local --log-opt max-size=1m"
                        + " --log-opt max-file=2");
    }

    @Test
    void theBaselineGetsThePlannersOwnProfile() {
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withNamespace("default")
                .withName("raw-1")
                .withUid("u1")
                .build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage("sandbox-busybox:local");
        sandbox.setSpec(spec);
        OperatorConfig config = OperatorConfig.defaults().withInstallation(InstallationIdentity.newId());
        ContainerSpec planned = ContainerPlanner.plan(sandbox, config);
        assertThat(DockerRunArgs.of(planned))
                .containsSubsequence(DockerRunArgs.security(SandboxSecurity.profile(config, false)));
    }

    @Test
    void cpusAreWrittenAsADecimalNumberOfCores() {
        assertThat(DockerRunArgs.cpus(1_000_000_000L)).isEqualTo("1");
        assertThat(DockerRunArgs.cpus(250_000_000L)).isEqualTo("0.25");
        assertThat(DockerRunArgs.cpus(100_000_000L)).isEqualTo("0.1");
    }
}
