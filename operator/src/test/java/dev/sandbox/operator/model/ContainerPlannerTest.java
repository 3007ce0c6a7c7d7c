package dev.sandbox.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.SecurityProfile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerPlannerTest {
    static final OperatorConfig CONFIG = OperatorConfig.defaults()
            .withInstallation(InstallationIdentity.newId())
            .withNodeName("node-a");

    static Sandbox sandbox() {
        Sandbox s = new Sandbox();
        s.setMetadata(new ObjectMetaBuilder()
                .withName("box")
                .withNamespace("team")
                .withUid("1234-abcd")
                .withGeneration(1L)
                .build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage("python:3.12");
        spec.setCommand(List.of("python", "app.py"));
        spec.setEnv(Map.of("B", "2", "A", "1"));
        spec.getResources().setCpu(1.5);
        spec.getResources().setMemory("1g");
        s.setSpec(spec);
        return s;
    }

    @Test
    void plansAContainerNamedLimitedAndLabelledAfterTheResource() {
        ContainerSpec plan = ContainerPlanner.plan(sandbox(), CONFIG);
        assertThat(plan.name()).isEqualTo("sandbox-1234-abcd");
        assertThat(plan.workspaceVolume()).isEqualTo("sandbox-1234-abcd-workspace");
        assertThat(plan.workspacePath()).isEqualTo("/workspace");
        assertThat(plan.nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(plan.memoryBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(plan.security()).isEqualTo(SandboxSecurity.profile(CONFIG, false));
        assertThat(plan.network()).isEqualTo("none");
        assertThat(plan.ports()).isEmpty();
        assertThat(plan.env()).containsExactly("A=1", "B=2");
        assertThat(plan.command()).containsExactly("python", "app.py");
        assertThat(plan.entrypoint()).isNull();
        assertThat(plan.labels())
                .containsEntry(SandboxNames.MANAGED_BY, SandboxNames.MANAGER)
                .containsEntry(SandboxNames.NAMESPACE, "team")
                .containsEntry(SandboxNames.NAME, "box")
                .containsEntry(SandboxNames.UID, "1234-abcd")
                .containsEntry(SandboxNames.NODE, "node-a")
                .containsKey(SandboxNames.SPEC_HASH);
    }

    @Test
    void everySandboxGetsTheIsolationDefaultsSizedByTheOperatorsSettings() {
        SecurityProfile profile = ContainerPlanner.plan(sandbox(), CONFIG).security();
        assertThat(profile.dropCapabilities()).containsExactly("ALL");
        assertThat(profile.addCapabilities()).isEmpty();
        assertThat(profile.noNewPrivileges()).isTrue();
        assertThat(profile.seccompProfile())
                .as("the engine's default seccomp profile")
                .isNull();
        assertThat(profile.securityOptions()).containsExactly("no-new-privileges:true");
        assertThat(profile.readOnlyRootFilesystem()).isTrue();
        assertThat(profile.tmpfsOptions())
                .containsExactly(entry("/tmp", "rw,nosuid,nodev,size=" + CONFIG.tmpfsTmpBytes() + ",mode=1777"));
        assertThat(profile.pidsLimit()).isEqualTo(CONFIG.pidsLimit());
        assertThat(profile.ulimits())
                .containsExactly(new SecurityProfile.Ulimit("nofile", CONFIG.nofile(), CONFIG.nofile()));
        assertThat(profile.init()).isTrue();
        assertThat(profile.logs())
                .isEqualTo(new SecurityProfile.LogLimits("json-file", CONFIG.logMaxSize(), CONFIG.logMaxFiles()));
        assertThat(profile.sysctls())
                .as("no network namespace of its own to configure")
                .isEmpty();
    }

    @Test
    void aNetworkedSandboxHasIpv6SwitchedOffInItsNamespace() {
        Sandbox s = sandbox();
        SandboxPort web = new SandboxPort();
        web.setInternal(8080);
        s.getSpec().setPorts(List.of(web));
        assertThat(ContainerPlanner.plan(s, CONFIG).security().sysctls())
                .containsExactly(entry("net.ipv6.conf.all.disable_ipv6", "1"));
    }

    @Test
    void theSpecHashIsWhatItWasBeforeTheProfileCarriedTheSizes() {
        // The digest the planner gave this sandbox before the sizes moved into the security profile: running sandboxes
        // keep their containers across the upgrade.
        OperatorConfig fixed = CONFIG.withInstallation("fixed-installation");
        assertThat(ContainerPlanner.plan(sandbox(), fixed).labels().get(SandboxNames.SPEC_HASH))
                .isEqualTo("8fdebf18762d5ec9");
    }

    @Test
    void portsGetAPrivateNetworkAndTheConfiguredHostAddress() {
        Sandbox s = sandbox();
        SandboxPort web = new SandboxPort();
        web.setInternal(8080);
        SandboxPort dns = new SandboxPort();
        dns.setInternal(53);
        dns.setExternal(5353);
        dns.setProtocol("udp");
        s.getSpec().setPorts(List.of(web, dns));
        ContainerSpec plan = ContainerPlanner.plan(s, CONFIG);
        assertThat(plan.network()).isEqualTo("sandbox-1234-abcd-net");
        assertThat(plan.ports())
                .containsExactly(
                        new ContainerSpec.PublishedPort(8080, 0, "127.0.0.1", "tcp"),
                        new ContainerSpec.PublishedPort(53, 5353, "127.0.0.1", "udp"));
    }

    @Test
    void theSpecHashChangesWithWhatDockerCannotChangeInPlaceOnly() {
        String base = ContainerPlanner.plan(sandbox(), CONFIG).labels().get(SandboxNames.SPEC_HASH);
        assertThat(ContainerPlanner.plan(sandbox(), CONFIG).labels().get(SandboxNames.SPEC_HASH))
                .isEqualTo(base);

        Sandbox env = sandbox();
        env.getSpec().setEnv(Map.of("A", "changed"));
        assertThat(ContainerPlanner.plan(env, CONFIG).labels().get(SandboxNames.SPEC_HASH))
                .isNotEqualTo(base);

        Sandbox stopped = sandbox();
        stopped.getSpec().setDesiredState(dev.sandbox.crd.DesiredState.Stopped);
        assertThat(ContainerPlanner.plan(stopped, CONFIG).labels().get(SandboxNames.SPEC_HASH))
                .isEqualTo(base);
    }
}
