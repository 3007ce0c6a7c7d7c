package dev.sandbox.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sandbox.client.PortInfo;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.crd.ResolvedPort;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
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

/**
 * The sandbox JSON of the REST API, made from the custom resource. Its parts (ports, mounts, disk, network) are the
 * SDK's records, so the gateway and the SDK share one description of them.
 */
public record SandboxView(
        String id,
        String phase,
        String image,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        ResourcesView resources,
        SandboxInfo.Disk disk,
        List<PortInfo> ports,
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
        List<SandboxInfo.Mount> mounts,
        @JsonProperty("public") boolean publicPreview,
        String snapshot,
        Map<String, String> labels,
        String template,
        String start,
        String startMessage,
        String pool,
        String claimedAt,
        SandboxInfo.NetworkInfo network) {

    /**
     * Limits as applied; {@code idleTimeout} null means the cluster's default. The SDK's {@code ResourceConfig} leaves
     * null fields out of its JSON (it is also a request body), while this answer names every field: so the gateway
     * keeps its own record here.
     */
    public record ResourcesView(
            double cpu,
            String memory,
            String disk,
            String gpu,
            Long timeout,
            int maxRetries,
            Long idleTimeout,
            String idleAction) {

        /** The limits of {@code r} with the defaults filled in, and the given idle clock. */
        static ResourcesView of(SandboxResources r, Long idleTimeout, String idleAction) {
            return new ResourcesView(
                    r.getCpu() == null ? SandboxResources.DEFAULT_CPU : r.getCpu(),
                    r.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : r.getMemory(),
                    r.getDisk() == null ? SandboxResources.DEFAULT_DISK : r.getDisk(),
                    r.getGpu(),
                    r.getTimeoutSeconds(),
                    r.getMaxRetries() == null ? 0 : r.getMaxRetries(),
                    idleTimeout,
                    idleAction);
        }
    }

    public static SandboxView from(Sandbox sandbox) {
        SandboxSpec spec = sandbox.getSpec();
        SandboxStatus status = sandbox.getStatus() == null ? new SandboxStatus() : sandbox.getStatus();
        List<PortInfo> ports = new ArrayList<>();
        for (SandboxPort p : spec.getPorts()) {
            ResolvedPort published = status.getPorts().stream()
                    .filter(rp -> p.getInternal().equals(rp.internal()))
                    .findFirst()
                    .orElse(null);
            ports.add(port(
                    p,
                    published != null ? published.external() : p.getExternal(),
                    published == null ? null : published.hostIp()));
        }
        return new SandboxView(
                sandbox.getMetadata().getName(),
                ShownPhase.of(sandbox).name(),
                spec.getImage() != null ? spec.getImage() : status.getImage(),
                spec.getCommand(),
                spec.getEntrypoint(),
                dev.sandbox.crd.SandboxEnvironment.effective(spec),
                ResourcesView.of(
                        spec.getResources(),
                        spec.getIdleTimeoutSeconds(),
                        spec.getIdleAction() == null
                                ? null
                                : spec.getIdleAction().name().toLowerCase(java.util.Locale.ROOT)),
                status.getDisk() == null
                        ? null
                        : new SandboxInfo.Disk(
                                status.getDisk().usedBytes(),
                                status.getDisk().limitBytes(),
                                Boolean.TRUE.equals(status.getDisk().enforced())),
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
                mounts(spec.getMounts()),
                SandboxService.isPublic(sandbox),
                spec.getSnapshot(),
                userLabels(sandbox),
                spec.getTemplateRef(),
                annotation(sandbox, SandboxWarmPool.START, spec.getTemplateRef() == null ? null : "cold"),
                annotation(sandbox, SandboxWarmPool.START_MESSAGE, null),
                annotation(sandbox, SandboxWarmPool.CLAIMED_FROM, null),
                annotation(sandbox, SandboxWarmPool.CLAIMED_AT, null),
                new SandboxInfo.NetworkInfo(
                        SandboxNetwork.effectiveMode(spec).name().toLowerCase(java.util.Locale.ROOT),
                        spec.getNetwork() == null
                                ? List.of()
                                : spec.getNetwork().getAllow(),
                        spec.getNetwork() == null
                                ? List.of()
                                : spec.getNetwork().getDeny(),
                        status.getNetwork() == null ? null : status.getNetwork().enforced()));
    }

    /** A port of the spec as the API shows it: published where {@code external} and {@code hostIp} say. */
    static PortInfo port(SandboxPort p, Integer external, String hostIp) {
        return new PortInfo(
                p.getInternal(),
                external,
                hostIp,
                p.getProtocol() == null ? "http" : p.getProtocol(),
                p.getSubdomain());
    }

    /** The network volumes of a spec by the tenant's own names. */
    static List<SandboxInfo.Mount> mounts(List<SandboxMount> mounts) {
        return mounts.stream()
                .map(m -> new SandboxInfo.Mount(
                        TenantVolumes.nameOf(m), m.mountPath(), Boolean.TRUE.equals(m.readOnly())))
                .toList();
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
