package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.operator.runtime.ContainerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerRunArgsTest {
    private static ContainerSpec spec() {
        return new ContainerSpec(
                "sandbox-u1",
                "sandbox-busybox:local",
                null,
                List.of("sleep", "60"),
                List.of("A=1"),
                Map.of("sandbox.dev/node", "n1", "sandbox.dev/uid", "u1"),
                1_500_000_000L,
                512L * 1024 * 1024,
                512,
                4096,
                64L * 1024 * 1024,
                "10m",
                3,
                "sandbox-u1-workspace",
                "/workspace",
                "none",
                List.of(),
                null,
                List.of());
    }

    @Test
    void carriesEveryLimitAndHardeningSettingOfTheOperatorsCreate() {
        List<String> args = DockerRunArgs.of(spec());
        assertThat(String.join(" ", args))
                .isEqualTo(
                        "docker run -d --name sandbox-u1 --cap-drop ALL --security-opt no-new-privileges:true"
                                + " --read-only --tmpfs /tmp:rw,nosuid,nodev,size=67108864,mode=1777 --memory 536870912 --memory-swap 536870912"
                                + " --cpus 1.5 --pids-limit 512 --ulimit nofile=4096:4096 --log-driver json-file --log-opt max-size=10m --log-opt max-file=3"
                                + " --restart no --init --network none --mount type=volume,src=sandbox-u1-workspace,dst=/workspace"
                                + " --label sandbox.dev/node=n1 --label sandbox.dev/uid=u1 --env A=1 sandbox-busybox:local sleep 60");
    }

    @Test
    void cpusAreWrittenAsADecimalNumberOfCores() {
        assertThat(DockerRunArgs.cpus(1_000_000_000L)).isEqualTo("1");
        assertThat(DockerRunArgs.cpus(250_000_000L)).isEqualTo("0.25");
        assertThat(DockerRunArgs.cpus(100_000_000L)).isEqualTo("0.1");
    }
}
