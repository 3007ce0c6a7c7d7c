package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.TenantLimits;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Tenant quotas on sandboxes, CPU, memory and disk. Usage is counted from the Kubernetes API (never from a replica's
 * memory); {@link SandboxAdmission} runs the check and the create under a PostgreSQL advisory lock per tenant, so two
 * gateway replicas cannot both let the last sandbox of a quota through.
 */
final class Quotas {
    private final KubernetesClient client;
    private final String namespace;

    Quotas(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Whether any of the quota limits (not the rate) is set, so that creates must be counted. */
    static boolean limited(TenantLimits limits) {
        return limits.sandboxes() != null
                || limits.cpuMillis() != null
                || limits.memoryBytes() != null
                || limits.diskBytes() != null;
    }

    /** 403 {@code quota_exceeded} unless a sandbox of {@code spec} fits next to what the tenant has now. */
    void check(KeyOwner caller, SandboxSpec spec) {
        check(caller.tenant(), caller.limits(), usage(caller.tenant()), TenantUsage.of(spec));
    }

    /** What the tenant's sandboxes hold now, read from the Kubernetes API. */
    TenantUsage usage(String tenant) {
        return TenantUsage.of(KubeCalls.call(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withLabel(Sandbox.TENANT_LABEL, tenant)
                .list()
                .getItems()));
    }

    static void check(String tenant, TenantLimits limits, TenantUsage used, TenantUsage wanted) {
        TenantUsage after = used.plus(wanted);
        if (limits.sandboxes() != null && after.sandboxes() > limits.sandboxes()) {
            throw ApiException.quotaExceeded(
                    "sandboxes",
                    "tenant '" + tenant + "' may have at most " + limits.sandboxes() + " sandboxes and has "
                            + used.sandboxes() + "; delete one first");
        }
        if (limits.cpuMillis() != null && after.cpuMillis() > limits.cpuMillis()) {
            throw ApiException.quotaExceeded(
                    "cpu",
                    "tenant '" + tenant + "' may use " + Limits.cores(limits.cpuMillis())
                            + " CPU cores in all; its sandboxes hold " + Limits.cores(used.cpuMillis())
                            + " and this one asks for "
                            + Limits.cores(wanted.cpuMillis()));
        }
        if (limits.memoryBytes() != null && after.memoryBytes() > limits.memoryBytes()) {
            throw ApiException.quotaExceeded(
                    "memory",
                    "tenant '" + tenant + "' may use " + Limits.size(limits.memoryBytes())
                            + " of memory in all; its sandboxes hold " + Limits.size(used.memoryBytes())
                            + " and this one asks for "
                            + Limits.size(wanted.memoryBytes()));
        }
        if (limits.diskBytes() != null && after.diskBytes() > limits.diskBytes()) {
            throw ApiException.quotaExceeded(
                    "disk",
                    "tenant '" + tenant + "' may use " + Limits.size(limits.diskBytes())
                            + " of disk in all; its sandboxes hold " + Limits.size(used.diskBytes())
                            + " and this one asks for "
                            + Limits.size(wanted.diskBytes()));
        }
    }
}
