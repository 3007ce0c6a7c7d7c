package dev.sandbox.gateway;

import dev.sandbox.client.PortInfo;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.crd.ResolvedPort;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxEnvironment;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox JSON of the REST API, made from the custom resource: the SDK's {@link SandboxInfo} itself, so the gateway
 * and the SDK share one description of a sandbox. {@link SandboxAnswerJson} gives it the field order and the
 * always-written limits of the REST answer.
 */
final class SandboxView {
    private SandboxView() {}

    /**
     * Limits as applied: the defaults filled in, and the given idle clock ({@code idleTimeout} null means the cluster's
     * default).
     */
    static ResourceConfig limits(SandboxResources r, Long idleTimeout, String idleAction) {
        return new ResourceConfig(
                r.getCpu() == null ? SandboxResources.DEFAULT_CPU : r.getCpu(),
                r.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : r.getMemory(),
                r.getGpu(),
                seconds(r.getTimeoutSeconds()),
                r.getMaxRetries() == null ? 0 : r.getMaxRetries(),
                seconds(idleTimeout),
                idleAction,
                r.getDisk() == null ? SandboxResources.DEFAULT_DISK : r.getDisk());
    }

    /**
     * Seconds as the SDK's model holds them. The REST API takes at most a year (and kubectl users no more than fits),
     * so capping at the largest int changes nothing real; it only keeps a resource edited by hand from failing the read.
     */
    private static Integer seconds(Long value) {
        return value == null ? null : (int) Math.min(value, Integer.MAX_VALUE);
    }

    /** The sandbox as the REST API answers with it. */
    static SandboxInfo from(Sandbox sandbox) {
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
        return new SandboxInfo(
                sandbox.getMetadata().getName(),
                ShownPhase.of(sandbox).name(),
                spec.getImage() != null ? spec.getImage() : status.getImage(),
                spec.getCommand(),
                spec.getEntrypoint(),
                SandboxEnvironment.effective(spec),
                limits(spec.getResources(), spec.getIdleTimeoutSeconds(), lowerCase(spec.getIdleAction())),
                status.getDisk() == null
                        ? null
                        : new SandboxInfo.Disk(
                                status.getDisk().usedBytes(),
                                status.getDisk().limitBytes(),
                                Boolean.TRUE.equals(status.getDisk().enforced())),
                ports,
                status.getContainerId(),
                status.getNodeName() != null ? status.getNodeName() : spec.getNodeName(),
                WireTime.of(sandbox.getMetadata().getCreationTimestamp()),
                WireTime.of(status.getStartedAt()),
                status.getRestartCount() == null ? 0 : status.getRestartCount(),
                status.getExitCode(),
                status.getReason(),
                status.getMessage() != null ? status.getMessage() : "waiting for the operator",
                WireTime.of(status.getExpiresAt()),
                status.getLogTail(),
                mounts(spec.getMounts()),
                SandboxService.isPublic(sandbox),
                userLabels(sandbox),
                spec.getTemplateRef(),
                annotation(sandbox, SandboxWarmPool.START, spec.getTemplateRef() == null ? null : "cold"),
                annotation(sandbox, SandboxWarmPool.START_MESSAGE, null),
                annotation(sandbox, SandboxWarmPool.CLAIMED_FROM, null),
                WireTime.of(annotation(sandbox, SandboxWarmPool.CLAIMED_AT, null)),
                new SandboxInfo.NetworkInfo(
                        lowerCase(SandboxNetwork.effectiveMode(spec)),
                        spec.getNetwork() == null
                                ? List.of()
                                : spec.getNetwork().getAllow(),
                        spec.getNetwork() == null
                                ? List.of()
                                : spec.getNetwork().getDeny(),
                        status.getNetwork() == null ? null : status.getNetwork().enforced()),
                spec.getDesiredState().name(),
                WireTime.of(status.getFinishedAt()),
                sandbox.getMetadata().getGeneration(),
                status.getObservedGeneration(),
                lowerCase(spec.getShutdownPolicy()),
                status.getBuildLog(),
                spec.getSnapshot());
    }

    /** An enum as the REST API spells it, or null for null. */
    private static String lowerCase(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
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
        Map<String, String> labels = new TreeMap<>();
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
