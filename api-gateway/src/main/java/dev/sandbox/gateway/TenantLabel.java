package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * Who owns a resource: the tenant named by its label {@link Sandbox#TENANT_LABEL}. Sandboxes, snapshots, templates and
 * network volumes are all checked here, so a tenant never sees another's resource through one path the others guard.
 */
final class TenantLabel {
    private TenantLabel() {}

    /** The owning tenant, or null for a resource no tenant owns (one made with kubectl or Helm). */
    static String ownerOf(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels == null ? null : labels.get(Sandbox.TENANT_LABEL);
    }

    /** Whether {@code tenant} owns the resource. */
    static boolean ownedBy(HasMetadata resource, String tenant) {
        return tenant != null && tenant.equals(ownerOf(resource));
    }
}
