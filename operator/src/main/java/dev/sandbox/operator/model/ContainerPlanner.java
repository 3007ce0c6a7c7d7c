package dev.sandbox.operator.model;

import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import dev.sandbox.crd.SandboxNetwork;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.SecurityProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a Sandbox into the container that should exist for it. Pure: no I/O. */
public final class ContainerPlanner {
    private ContainerPlanner() {}

    public static ContainerSpec plan(Sandbox sandbox, OperatorConfig config) {
        return plan(sandbox, config, Map.of());
    }

    /**
     * The container for the sandbox, with its NetworkVolume mounts resolved through {@code volumes} (NetworkVolume name
     * to the Docker volume and its default read-only setting). Mounts of volumes missing from the map are left out.
     */
    public static ContainerSpec plan(Sandbox sandbox, OperatorConfig config, Map<String, SharedVolume> volumes) {
        SandboxSpec spec = sandbox.getSpec();
        String uid = sandbox.getMetadata().getUid();
        SandboxResources resources = spec.getResources();
        double cpu = resources.getCpu() == null ? SandboxResources.DEFAULT_CPU : resources.getCpu();
        long memory = Quantities.parseBytes(
                resources.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : resources.getMemory());

        List<String> env = new ArrayList<>();
        new TreeMap<>(spec.getEnv()).forEach((k, v) -> env.add(k + "=" + v));

        List<ContainerSpec.PublishedPort> ports = new ArrayList<>();
        for (SandboxPort p : spec.getPorts()) {
            ports.add(new ContainerSpec.PublishedPort(
                    p.getInternal(),
                    p.getExternal() == null ? 0 : p.getExternal(),
                    config.publishHostAddress(),
                    "udp".equals(p.getProtocol()) ? "udp" : "tcp"));
        }

        boolean networked = SandboxNetwork.needsBridge(spec);
        Map<String, String> labels = SandboxNames.labels(sandbox, config.installation(), config.nodeName(), "sandbox");
        ContainerSpec withoutHash = new ContainerSpec(
                SandboxNames.container(uid),
                BuildContexts.effectiveImage(spec),
                spec.getEntrypoint() == null ? null : List.copyOf(spec.getEntrypoint()),
                spec.getCommand() == null ? null : List.copyOf(spec.getCommand()),
                List.copyOf(env),
                labels,
                Math.round(cpu * 1_000_000_000L),
                memory,
                SandboxSecurity.profile(config, networked),
                SandboxNames.workspaceVolume(uid),
                SandboxNames.WORKSPACE_PATH,
                networked ? SandboxNames.network(uid) : "none",
                List.copyOf(ports),
                resources.getGpu(),
                mounts(spec, volumes));
        labels.put(SandboxNames.SPEC_HASH, hash(withoutHash));
        return withoutHash;
    }

    private static List<ContainerSpec.VolumeMount> mounts(SandboxSpec spec, Map<String, SharedVolume> volumes) {
        List<ContainerSpec.VolumeMount> mounts = new ArrayList<>();
        for (SandboxMount m : spec.getMounts()) {
            SharedVolume v = volumes.get(m.volume());
            if (v != null) {
                mounts.add(new ContainerSpec.VolumeMount(
                        v.dockerName(), m.mountPath(), m.readOnly() != null ? m.readOnly() : v.readOnly()));
            }
        }
        return List.copyOf(mounts);
    }

    /** A NetworkVolume as the node knows it: the Docker volume that holds it and whether it mounts read-only by default. */
    public record SharedVolume(String dockerName, boolean readOnly) {}

    /**
     * A short digest of everything that Docker fixes at creation (CPU and memory limits are left out: Docker changes
     * them in place, see {@code ContainerRuntime#updateLimits}). A running container whose label differs from the
     * current plan must be recreated (keeping its workspace) for the change to take effect.
     */
    static String hash(ContainerSpec spec) {
        String canonical = String.join(
                "\u0001",
                List.of(
                        spec.image(),
                        String.valueOf(spec.entrypoint()),
                        String.valueOf(spec.command()),
                        String.valueOf(spec.env()),
                        // The sizes of the security profile, written as they were before it existed, so an upgrade
                        // recreates no container; the rest of the profile is the same for every sandbox.
                        Long.toString(spec.security().pidsLimit()),
                        Long.toString(spec.security()
                                .ulimit("nofile")
                                .map(SecurityProfile.Ulimit::hard)
                                .orElse(0L)),
                        Long.toString(spec.security().tmpfs().stream()
                                .filter(t -> t.path().equals(SandboxSecurity.TMP))
                                .mapToLong(SecurityProfile.Tmpfs::sizeBytes)
                                .sum()),
                        // A networked container also carries the firewall-named bridge and IPv6 switched off: older
                        // ones are recreated.
                        "none".equals(spec.network()) ? spec.network() : spec.network() + "/ipv4-only-named-bridge",
                        String.valueOf(spec.ports()),
                        String.valueOf(spec.gpu()),
                        String.valueOf(spec.volumes()),
                        // A container made before installations were labelled is recreated once, so that it carries the
                        // label.
                        String.valueOf(spec.labels().get(SandboxNames.INSTALLATION))));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
