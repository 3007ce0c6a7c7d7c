package dev.sandbox.gateway;

import dev.sandbox.client.PortInfo;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.TemplateInfo;
import dev.sandbox.crd.Sandbox;
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
 * ready. Limits, ports, mounts and pools are the SDK's records.
 */
public record TemplateView(
        String name,
        String image,
        Map<String, String> buildContext,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        ResourceConfig resources,
        List<PortInfo> ports,
        List<SandboxInfo.Mount> mounts,
        String shutdownPolicy,
        Integer stopTimeoutSeconds,
        List<String> overridable,
        boolean shared,
        String hash,
        Integer inUse,
        String createdAt,
        boolean deleting,
        List<TemplateInfo.Pool> pools) {

    static TemplateView from(SandboxTemplate template, List<SandboxWarmPool> pools) {
        SandboxTemplateSpec spec = template.getSpec();
        Map<String, String> labels = template.getMetadata().getLabels();
        return new TemplateView(
                template.getMetadata().getName(),
                spec.getImage(),
                spec.getBuildContext(),
                spec.getCommand(),
                spec.getEntrypoint(),
                spec.getEnv(),
                SandboxView.limits(spec.getResources(), spec.getIdleTimeoutSeconds(), null),
                spec.getPorts().stream()
                        .map(p -> SandboxView.port(p, p.getExternal(), null))
                        .toList(),
                SandboxView.mounts(spec.getMounts()),
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
                        .map(p -> new TemplateInfo.Pool(
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
