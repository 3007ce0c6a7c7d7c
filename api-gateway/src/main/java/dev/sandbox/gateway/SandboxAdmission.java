package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.PreviewSubdomains;
import dev.sandbox.db.SubdomainClaim;
import dev.sandbox.db.TenantAdministration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last checks before a sandbox resource is created, against state shared by every gateway replica: its preview
 * subdomains must be free in the whole installation (claimed in PostgreSQL, where the name is a primary key), and it
 * must fit its tenant's quotas (counted from the Kubernetes API under a per-tenant advisory lock).
 */
final class SandboxAdmission {
    private static final Logger log = LoggerFactory.getLogger(SandboxAdmission.class);

    private final KubernetesClient client;
    private final TenantAdministration database;
    private final PreviewSubdomains subdomains;
    private final Quotas quotas;
    private final Function<String, Sandbox> localHolder;

    /**
     * @param localHolder the sandbox of this gateway's namespace that declares a subdomain, or null (finds sandboxes
     *     created through kubectl, which make no claim)
     */
    SandboxAdmission(
            KubernetesClient client,
            TenantAdministration database,
            PreviewSubdomains subdomains,
            Quotas quotas,
            Function<String, Sandbox> localHolder) {
        this.client = client;
        this.database = database;
        this.subdomains = subdomains;
        this.quotas = quotas;
        this.localHolder = localHolder;
    }

    /**
     * Claims the subdomains, checks the quotas and creates the resource in one PostgreSQL transaction: a concurrent
     * claim of the same name waits for it and then finds the sandbox, and a failed create leaves nothing claimed.
     */
    Sandbox create(KeyOwner caller, Sandbox sandbox) {
        String namespace = sandbox.getMetadata().getNamespace();
        String name = sandbox.getMetadata().getName();
        List<SandboxPort> ports = sandbox.getSpec().getPorts();
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            String subdomain = ports.get(i).getSubdomain();
            if (subdomain == null) {
                continue;
            }
            Sandbox declared = localHolder.apply(subdomain);
            // The local copy may lag a deletion by a moment: a holder counts only if a fresh read still finds it.
            if (declared != null
                    && !name.equals(declared.getMetadata().getName())
                    && exists(new SubdomainClaim(
                            subdomain, namespace, declared.getMetadata().getName(), null))) {
                throw taken(i, subdomain);
            }
            wanted.add(subdomain);
        }
        boolean limited = Quotas.limited(caller.limits());
        if (wanted.isEmpty() && !limited) {
            return KubeCalls.call(() -> client.resource(sandbox).create());
        }
        try {
            return database.underLock(limited ? "quota:" + caller.tenant() : null, c -> {
                Optional<SubdomainClaim> taken =
                        PreviewSubdomains.claim(c, wanted, namespace, name, caller.tenant(), this::exists);
                if (taken.isPresent()) {
                    throw taken(
                            indexOf(ports, taken.get().subdomain()), taken.get().subdomain());
                }
                if (limited) {
                    quotas.check(caller, sandbox.getSpec());
                }
                return KubeCalls.call(() -> client.resource(sandbox).create());
            });
        } catch (SQLException e) {
            log.warn(
                    "admission of sandbox {} (tenant {}) failed in PostgreSQL: {}",
                    name,
                    caller.tenant(),
                    e.toString());
            throw ApiException.unavailable("the quota and preview-subdomain store is unreachable; try again shortly");
        }
    }

    /**
     * Runs {@code work} (a warm-pool claim, which creates nothing but makes an existing sandbox the tenant's) within the
     * tenant's quotas, under the same per-tenant lock as creates, so that claims and creates racing each other cannot
     * together pass a limit.
     */
    <T> T withinQuota(KeyOwner caller, dev.sandbox.crd.SandboxSpec spec, java.util.function.Supplier<T> work) {
        if (!Quotas.limited(caller.limits())) {
            return work.get();
        }
        try {
            return database.underLock("quota:" + caller.tenant(), c -> {
                quotas.check(caller, spec);
                return work.get();
            });
        } catch (SQLException e) {
            log.warn("quota check of a claim for tenant {} failed in PostgreSQL: {}", caller.tenant(), e.toString());
            throw ApiException.unavailable("the quota store is unreachable; try again shortly");
        }
    }

    /** Frees the sandbox's subdomains (it is being deleted). A failure only delays reuse: a stale claim is taken over. */
    void released(String namespace, String name) {
        try {
            subdomains.release(namespace, name, List.of());
        } catch (SQLException e) {
            log.warn(
                    "releasing the preview subdomains of {}/{} failed (the next claimant takes them over): {}",
                    namespace,
                    name,
                    e.toString());
        }
    }

    /** Whether the sandbox of a claim still exists and is not being deleted; unsure counts as existing. */
    private boolean exists(SubdomainClaim claim) {
        try {
            Sandbox holder = client.resources(Sandbox.class)
                    .inNamespace(claim.namespace())
                    .withName(claim.sandboxName())
                    .get();
            return holder != null && holder.getMetadata().getDeletionTimestamp() == null;
        } catch (RuntimeException e) {
            log.warn(
                    "cannot tell whether sandbox {}/{} still holds preview subdomain {}: {}",
                    claim.namespace(),
                    claim.sandboxName(),
                    claim.subdomain(),
                    e.toString());
            return true;
        }
    }

    private static int indexOf(List<SandboxPort> ports, String subdomain) {
        for (int i = 0; i < ports.size(); i++) {
            if (subdomain.equals(ports.get(i).getSubdomain())) {
                return i;
            }
        }
        return 0;
    }

    /** Says the name is taken, and nothing about by whom. */
    private static ApiException taken(int index, String subdomain) {
        return new ApiException(
                409,
                "conflict",
                "preview subdomain '" + subdomain + "' is already taken; choose another name",
                "ports[" + index + "].subdomain");
    }
}
