package dev.sandbox.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sandbox.crd.ResolvedPort;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxNetwork;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.ShownPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sandbox JSON of the REST API, made from the custom resource. */
public record SandboxView(
        String id,
        String phase,
        String image,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        ResourcesView resources,
        DiskView disk,
        List<PortView> ports,
        String desiredState,
        String containerId,
        String node,
        String createdAt,
        String startedAt,
        String finishedAt,
        int restartCount,
        Integer exitCode,
        String reason,
        String message,
        Long generation,
        Long observedGeneration,
        String expiresAt,
        String shutdownPolicy,
        String logTail,
        String buildLog,
        List<MountView> mounts,
        @JsonProperty("public") boolean publicPreview,
        String snapshot,
        Map<String, String> labels,
        String template,
        String start,
        String startMessage,
        String pool,
        String claimedAt,
        NetworkView network) {

    /**
     * What the sandbox may reach: {@code mode} {@code none} or {@code egress} (the default resolved), the allow and deny
     * lists, and whether its node enforces them ({@code enforced}; null until the operator has set the sandbox up).
     */
    public record NetworkView(String mode, List<String> allow, List<String> deny, Boolean enforced) {}

    /** A network volume mounted into the sandbox; {@code volume} is the tenant's own name for it. */
    public record MountView(String volume, String mountPath, boolean readOnly) {}

    /** Limits as applied; {@code idleTimeout} null means the cluster's default. */
    public record ResourcesView(
            double cpu,
            String memory,
            String disk,
            String gpu,
            Long timeout,
            int maxRetries,
            Long idleTimeout,
            String idleAction) {}

    /**
     * The workspace file system: bytes in use, its size, and whether the size is enforced on the sandbox's node. Null
     * until the operator has made the workspace.
     */
    public record DiskView(Long usedBytes, Long limitBytes, boolean enforced) {}

    /** A port: what was asked for and, once running, where it is published. */
    public record PortView(int internal, Integer external, String hostIp, String protocol, String subdomain) {}

    public static SandboxView from(Sandbox sandbox) {
        SandboxSpec spec = sandbox.getSpec();
        SandboxStatus status = sandbox.getStatus() == null ? new SandboxStatus() : sandbox.getStatus();
        SandboxResources r = spec.getResources();
        List<PortView> ports = new ArrayList<>();
        for (SandboxPort p : spec.getPorts()) {
            ResolvedPort published = status.getPorts().stream()
                    .filter(rp -> p.getInternal().equals(rp.getInternal()))
                    .findFirst()
                    .orElse(null);
            ports.add(new PortView(
                    p.getInternal(),
                    published != null ? published.getExternal() : p.getExternal(),
                    published == null ? null : published.getHostIp(),
                    p.getProtocol() == null ? "http" : p.getProtocol(),
                    p.getSubdomain()));
        }
        return new SandboxView(
                sandbox.getMetadata().getName(),
                ShownPhase.of(sandbox).name(),
                spec.getImage() != null ? spec.getImage() : status.getImage(),
                spec.getCommand(),
                spec.getEntrypoint(),
                dev.sandbox.crd.SandboxEnvironment.effective(spec),
                new ResourcesView(
                        r.getCpu() == null ? SandboxResources.DEFAULT_CPU : r.getCpu(),
                        r.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : r.getMemory(),
                        r.getDisk() == null ? SandboxResources.DEFAULT_DISK : r.getDisk(),
                        r.getGpu(),
                        r.getTimeoutSeconds(),
                        r.getMaxRetries() == null ? 0 : r.getMaxRetries(),
                        spec.getIdleTimeoutSeconds(),
                        spec.getIdleAction() == null
                                ? null
                                : spec.getIdleAction().name().toLowerCase(java.util.Locale.ROOT)),
                status.getDisk() == null
                        ? null
                        : new DiskView(
                                status.getDisk().getUsedBytes(),
                                status.getDisk().getLimitBytes(),
                                Boolean.TRUE.equals(status.getDisk().getEnforced())),
                ports,
                spec.getDesiredState().name(),
                status.getContainerId(),
                status.getNodeName() != null ? status.getNodeName() : spec.getNodeName(),
                sandbox.getMetadata().getCreationTimestamp(),
                status.getStartedAt(),
                status.getFinishedAt(),
                status.getRestartCount() == null ? 0 : status.getRestartCount(),
                status.getExitCode(),
                status.getReason(),
                status.getMessage() != null ? status.getMessage() : "waiting for the operator",
                sandbox.getMetadata().getGeneration(),
                status.getObservedGeneration(),
                status.getExpiresAt(),
                spec.getShutdownPolicy() == null
                        ? null
                        : spec.getShutdownPolicy().name().toLowerCase(java.util.Locale.ROOT),
                status.getLogTail(),
                status.getBuildLog(),
                spec.getMounts().stream()
                        .map(m -> new MountView(
                                TenantVolumes.nameOf(m), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())))
                        .toList(),
                SandboxService.isPublic(sandbox),
                spec.getSnapshot(),
                userLabels(sandbox),
                spec.getTemplateRef(),
                annotation(sandbox, SandboxWarmPool.START, spec.getTemplateRef() == null ? null : "cold"),
                annotation(sandbox, SandboxWarmPool.START_MESSAGE, null),
                annotation(sandbox, SandboxWarmPool.CLAIMED_FROM, null),
                annotation(sandbox, SandboxWarmPool.CLAIMED_AT, null),
                new NetworkView(
                        SandboxNetwork.effectiveMode(spec).name().toLowerCase(java.util.Locale.ROOT),
                        spec.getNetwork() == null
                                ? List.of()
                                : spec.getNetwork().getAllow(),
                        spec.getNetwork() == null
                                ? List.of()
                                : spec.getNetwork().getDeny(),
                        status.getNetwork() == null ? null : status.getNetwork().getEnforced()));
    }

    private static String annotation(Sandbox sandbox, String key, String otherwise) {
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        return annotations != null && annotations.get(key) != null ? annotations.get(key) : otherwise;
    }

    private static Map<String, String> userLabels(Sandbox sandbox) {
        Map<String, String> labels = new java.util.TreeMap<>();
        if (sandbox.getMetadata().getLabels() != null) {
            sandbox.getMetadata().getLabels().forEach((k, v) -> {
                if (UserLabels.isUserLabel(k)) {
                    labels.put(k, v);
                }
            });
        }
        return labels;
    }
}
