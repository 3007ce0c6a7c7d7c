package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link ContainerSpec} into docker-java's {@link HostConfig} and exposed ports: the limits, mounts, ports and
 * network it names and its {@link SecurityProfile} as it is, adding no policy. Pure.
 */
final class HostConfigRenderer {
    private HostConfigRenderer() {}

    static HostConfig hostConfig(ContainerSpec spec) {
        Ports bindings = new Ports();
        for (ContainerSpec.PublishedPort p : spec.ports()) {
            bindings.bind(
                    exposedPort(p),
                    p.hostPort() > 0
                            ? Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort())
                            : Ports.Binding.bindIp(p.hostIp()));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withMemory(spec.memoryBytes())
                // Memory and memory+swap equal: no swap.
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(spec.nanoCpus())
                // The operator restarts sandboxes itself (and records it); the engine never does behind its back.
                .withRestartPolicy(RestartPolicy.noRestart())
                .withNetworkMode(spec.network())
                .withPortBindings(bindings)
                .withMounts(mounts(spec));
        withSecurity(host, spec.security());
        if (spec.gpu() != null) {
            host.withDeviceRequests(List.of(gpuRequest(spec.gpu())));
        }
        return host;
    }

    /** The profile's settings, and never a privileged container whatever the profile says. */
    static HostConfig withSecurity(HostConfig host, SecurityProfile profile) {
        host.withCapDrop(capabilities(profile.dropCapabilities()))
                .withCapAdd(capabilities(profile.addCapabilities()))
                .withSecurityOpts(profile.securityOptions())
                .withPrivileged(false)
                .withReadonlyRootfs(profile.readOnlyRootFilesystem())
                .withTmpFs(profile.tmpfsOptions())
                .withPidsLimit(profile.pidsLimit())
                .withUlimits(profile.ulimits().stream()
                        .map(u -> new Ulimit(u.name(), u.soft(), u.hard()))
                        .toList())
                .withSysctls(profile.sysctls())
                .withInit(profile.init())
                .withLogConfig(new LogConfig(
                        LogConfig.LoggingType.fromValue(profile.logs().driver()),
                        profile.logs().options()));
        return host;
    }

    static List<ExposedPort> exposedPorts(ContainerSpec spec) {
        return spec.ports().stream().map(HostConfigRenderer::exposedPort).toList();
    }

    private static ExposedPort exposedPort(ContainerSpec.PublishedPort p) {
        return "udp".equals(p.transport()) ? ExposedPort.udp(p.containerPort()) : ExposedPort.tcp(p.containerPort());
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(Capability::valueOf).toArray(Capability[]::new);
    }

    private static List<Mount> mounts(ContainerSpec spec) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount()
                .withType(MountType.VOLUME)
                .withSource(spec.workspaceVolume())
                .withTarget(spec.workspacePath()));
        for (ContainerSpec.VolumeMount v : spec.volumes()) {
            mounts.add(new Mount()
                    .withType(MountType.VOLUME)
                    .withSource(v.volume())
                    .withTarget(v.target())
                    .withReadOnly(v.readOnly()));
        }
        return mounts;
    }

    private static DeviceRequest gpuRequest(String gpu) {
        DeviceRequest request = new DeviceRequest().withDriver("nvidia").withCapabilities(List.of(List.of("gpu")));
        if ("all".equals(gpu)) {
            return request.withCount(-1);
        }
        if (gpu.matches("[0-9]+")) {
            return request.withCount(Integer.parseInt(gpu));
        }
        return request.withDeviceIds(List.of(gpu.split(",")));
    }
}
