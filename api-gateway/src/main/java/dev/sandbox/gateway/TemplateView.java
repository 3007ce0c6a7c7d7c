package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxTemplateSpec;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.TemplateHash;
import dev.sandbox.crd.TemplateResolver;
import java.util.List;
import java.util.Map;

/**
 * The template JSON of the REST API. {@code shared} templates were made by the installation (with kubectl or Helm)
 * and are usable by every tenant, but changed only there; {@code pools} are the warm pools that keep sandboxes of it
 * ready.
 */
public record TemplateView(
        String name,
        String image,
        Map<String, String> buildContext,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        SandboxView.ResourcesView resources,
        List<SandboxView.PortView> ports,
        List<SandboxView.MountView> mounts,
        String shutdownPolicy,
        Integer stopTimeoutSeconds,
        List<String> overridable,
        boolean shared,
        String hash,
        Integer inUse,
        String createdAt,
        boolean deleting,
        List<PoolView> pools) {

    /** A warm pool of the template: sandboxes asked for and ready to be claimed. */
    public record PoolView(String name, int desired, int ready) {}

    static TemplateView from(SandboxTemplate template, List<SandboxWarmPool> pools) {
        SandboxTemplateSpec spec = template.getSpec();
        SandboxResources r = spec.getResources();
        Map<String, String> labels = template.getMetadata().getLabels();
        return new TemplateView(
                template.getMetadata().getName(),
                spec.getImage(),
                spec.getBuildContext(),
                spec.getCommand(),
                spec.getEntrypoint(),
                spec.getEnv(),
                new SandboxView.ResourcesView(
                        r.getCpu() == null ? SandboxResources.DEFAULT_CPU : r.getCpu(),
                        r.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : r.getMemory(),
                        r.getDisk() == null ? SandboxResources.DEFAULT_DISK : r.getDisk(),
                        r.getGpu(),
                        r.getTimeoutSeconds(),
                        r.getMaxRetries() == null ? 0 : r.getMaxRetries(),
                        spec.getIdleTimeoutSeconds(),
                        null),
                spec.getPorts().stream()
                        .map(p -> new SandboxView.PortView(
                                p.getInternal(),
                                p.getExternal(),
                                null,
                                p.getProtocol() == null ? "http" : p.getProtocol(),
                                p.getSubdomain()))
                        .toList(),
                spec.getMounts().stream()
                        .map(m -> new SandboxView.MountView(
                                TenantVolumes.nameOf(m), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())))
                        .toList(),
                spec.getShutdownPolicy() == null
                        ? "delete"
                        : spec.getShutdownPolicy().name().toLowerCase(java.util.Locale.ROOT),
                spec.getStopTimeoutSeconds(),
                TemplateResolver.overridable(spec),
                labels == null || labels.get(Sandbox.TENANT_LABEL) == null,
                TemplateHash.of(spec),
                template.getStatus() == null ? null : template.getStatus().getInUse(),
                template.getMetadata().getCreationTimestamp(),
                template.getMetadata().getDeletionTimestamp() != null,
                pools.stream()
                        .filter(p -> p.getSpec() != null
                                && template.getMetadata()
                                        .getName()
                                        .equals(p.getSpec().getTemplateRef()))
                        .map(p -> new PoolView(
                                p.getMetadata().getName(),
                                p.getSpec().getReplicas() == null
                                        ? 0
                                        : p.getSpec().getReplicas(),
                                p.getStatus() == null || p.getStatus().getReadyReplicas() == null
                                        ? 0
                                        : p.getStatus().getReadyReplicas()))
                        .toList());
    }
}
