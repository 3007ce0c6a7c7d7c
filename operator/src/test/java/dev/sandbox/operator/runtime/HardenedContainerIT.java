package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.ContainerPlanner;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.node.InstallationIdentity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox container as the operator plans and creates it, read back with {@code docker container inspect} and from
 * inside: every isolation default is really applied by the engine, not only written in the spec.
 */
class HardenedContainerIT {
    static final String IMAGE = "sandbox-busybox:local";
    static final ObjectMapper JSON = new ObjectMapper();

    static DockerContainerRuntime runtime;
    static OperatorConfig config;

    @BeforeAll
    static void connect() {
        runtime = new DockerContainerRuntime("unix:///var/run/docker.sock");
        runtime.ensureImage(IMAGE);
        config = OperatorConfig.defaults()
                .withInstallation(InstallationIdentity.newId())
                .withNodeName("hardened-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void disconnect() {
        runtime.close();
    }

    static Sandbox sandbox(List<SandboxPort> ports) {
        Sandbox s = new Sandbox();
        s.setMetadata(new ObjectMetaBuilder()
                .withName("hardened")
                .withNamespace("default")
                .withUid(UUID.randomUUID().toString())
                .withGeneration(1L)
                .build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(IMAGE);
        spec.setCommand(List.of("sleep", "600"));
        spec.getResources().setCpu(0.5);
        spec.getResources().setMemory("256m");
        spec.setPorts(ports);
        s.setSpec(spec);
        return s;
    }

    @Test
    void theEngineAppliesEveryIsolationDefault() throws Exception {
        ContainerSpec plan = ContainerPlanner.plan(sandbox(List.of()), config);
        try {
            String id = runtime.create(plan);
            runtime.start(id);
            JsonNode c = inspect(id);
            JsonNode host = c.get("HostConfig");
            assertThat(host.get("CapDrop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(host.get("CapAdd").isNull() || host.get("CapAdd").isEmpty())
                    .isTrue();
            assertThat(host.get("SecurityOpt").toString())
                    .contains("no-new-privileges:true")
                    .doesNotContain("unconfined");
            assertThat(host.get("Privileged").asBoolean()).isFalse();
            assertThat(host.get("ReadonlyRootfs").asBoolean()).isTrue();
            assertThat(host.get("Tmpfs").get("/tmp").asText())
                    .isEqualTo("rw,nosuid,nodev,size=" + config.tmpfsTmpBytes() + ",mode=1777");
            assertThat(host.get("Memory").asLong()).isEqualTo(256L * 1024 * 1024);
            assertThat(host.get("MemorySwap").asLong()).isEqualTo(256L * 1024 * 1024);
            assertThat(host.get("NanoCpus").asLong()).isEqualTo(500_000_000L);
            assertThat(host.get("PidsLimit").asLong()).isEqualTo(config.pidsLimit());
            assertThat(host.get("Ulimits").get(0).get("Name").asText()).isEqualTo("nofile");
            assertThat(host.get("Ulimits").get(0).get("Soft").asLong()).isEqualTo(config.nofile());
            assertThat(host.get("Ulimits").get(0).get("Hard").asLong()).isEqualTo(config.nofile());
            assertThat(host.get("LogConfig").get("Type").asText()).isEqualTo("json-file");
            assertThat(host.get("LogConfig").get("Config").get("max-size").asText())
                    .isEqualTo(config.logMaxSize());
            assertThat(host.get("LogConfig").get("Config").get("max-file").asText())
                    .isEqualTo(Integer.toString(config.logMaxFiles()));
            assertThat(host.get("Init").asBoolean()).isTrue();
            assertThat(host.get("NetworkMode").asText()).isEqualTo("none");
            assertThat(host.get("RestartPolicy").get("Name").asText()).isIn("no", "");
            assertThat(host.get("PidMode").asText()).isEmpty();
            assertThat(host.get("UTSMode").asText()).isEmpty();
            assertThat(host.get("UsernsMode").asText()).isEmpty();
            assertThat(host.get("IpcMode").asText()).isIn("private", "shareable");
            assertThat(host.get("Binds").isNull() || host.get("Binds").isEmpty())
                    .isTrue();
            assertThat(host.get("Devices").isNull() || host.get("Devices").isEmpty())
                    .isTrue();
            assertThat(c.get("Mounts").toString()).doesNotContain("docker.sock");

            // From inside: no effective capability, no new privileges, seccomp filtering (mode 2), and a root file
            // system that refuses writes while /tmp and the workspace take them.
            String status = runtime.exec(id, List.of("cat", "/proc/self/status"), Duration.ofSeconds(30), 1 << 16)
                    .stdout();
            assertThat(status).containsPattern("CapEff:\\s+0+\\n");
            assertThat(status).containsPattern("NoNewPrivs:\\s+1\\n");
            assertThat(status).containsPattern("Seccomp:\\s+2\\n");
            assertThat(runtime.exec(id, List.of("touch", "/rootfs-write"), Duration.ofSeconds(30), 1 << 16)
                            .exitCode())
                    .isNotZero();
            assertThat(runtime.exec(id, List.of("touch", "/tmp/ok"), Duration.ofSeconds(30), 1 << 16)
                            .exitCode())
                    .isZero();
        } finally {
            runtime.remove(plan.name());
            runtime.removeVolume(plan.workspaceVolume());
        }
    }

    @Test
    void aNetworkedSandboxHasIpv6SwitchedOffAndPortsOnTheConfiguredAddressOnly() throws Exception {
        SandboxPort web = new SandboxPort();
        web.setInternal(8080);
        ContainerSpec plan = ContainerPlanner.plan(sandbox(List.of(web)), config);
        try {
            runtime.ensureNetwork(plan.network(), Map.of(SandboxNames.INSTALLATION, config.installation()), List.of());
            String id = runtime.create(plan);
            runtime.start(id);
            JsonNode host = inspect(id).get("HostConfig");
            assertThat(host.get("NetworkMode").asText()).isEqualTo(plan.network());
            assertThat(host.get("Sysctls").get("net.ipv6.conf.all.disable_ipv6").asText())
                    .isEqualTo("1");
            assertThat(host.get("PortBindings")
                            .get("8080/tcp")
                            .get(0)
                            .get("HostIp")
                            .asText())
                    .isEqualTo(config.publishHostAddress());
            assertThat(host.get("CapDrop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(host.get("ReadonlyRootfs").asBoolean()).isTrue();
        } finally {
            runtime.remove(plan.name());
            runtime.removeVolume(plan.workspaceVolume());
            runtime.removeNetwork(plan.network());
        }
    }

    /** {@code docker container inspect}: the engine's own account, not docker-java's reading of it. */
    static JsonNode inspect(String id) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "container", "inspect", id)
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return JSON.readTree(out).get(0);
    }
}
