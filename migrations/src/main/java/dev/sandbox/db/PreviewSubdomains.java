package dev.sandbox.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Claims of preview subdomains, one sandbox per name in the whole installation. A claim is a row whose primary key is
 * the name, so two gateways claiming the same name at the same moment cannot both win. Rows of sandboxes that are gone
 * (deleted through kubectl, expired, cleaned up) are not hunted down: the next claimant takes such a row over after
 * checking that its holder no longer exists.
 */
public final class PreviewSubdomains {
    private final DataSource dataSource;

    public PreviewSubdomains(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims every name in {@code subdomains} for one sandbox on the caller's connection, inside the caller's transaction:
     * a concurrent claim of the same name waits until that transaction ends, so creating the sandbox inside the same
     * transaction makes claim and create one step (and a failed create leaves no claim behind).
     *
     * @param holderExists whether the sandbox of an existing claim still exists (then the name stays its)
     * @return the first claim that stands in the way, or empty when all names are now the sandbox's
     */
    public static Optional<SubdomainClaim> claim(
            Connection c,
            Collection<String> subdomains,
            String namespace,
            String sandboxName,
            String tenant,
            Predicate<SubdomainClaim> holderExists)
            throws SQLException {
        // Always in the same order, so two transactions claiming overlapping names cannot wait on each other.
        for (String subdomain : subdomains.stream().sorted().toList()) {
            Optional<SubdomainClaim> taken = claimOne(c, subdomain, namespace, sandboxName, tenant, holderExists);
            if (taken.isPresent()) {
                return taken;
            }
        }
        return Optional.empty();
    }

    private static Optional<SubdomainClaim> claimOne(
            Connection c,
            String subdomain,
            String namespace,
            String sandboxName,
            String tenant,
            Predicate<SubdomainClaim> holderExists)
            throws SQLException {
        // The same four values for the first claim and for a take-over, in the same order.
        Sql.Parameters claim = s -> {
            s.setString(1, namespace);
            s.setString(2, sandboxName);
            s.setString(3, tenant);
            s.setString(4, subdomain);
        };
        int inserted = Sql.update(
                c,
                "insert into preview_subdomains (namespace, sandbox_name, tenant_id, subdomain)"
                        + " values (?, ?, ?, ?) on conflict (subdomain) do nothing",
                claim);
        if (inserted == 1) {
            return Optional.empty();
        }
        // Taken: lock the row, so that a concurrent take-over of a stale claim waits for this one.
        SubdomainClaim holder = Sql.first(
                        c,
                        "select namespace, sandbox_name, tenant_id from preview_subdomains where subdomain = ? for update",
                        s -> s.setString(1, subdomain),
                        r -> new SubdomainClaim(subdomain, r.getString(1), r.getString(2), r.getString(3)))
                // Released between the insert and the select: the caller may simply try again.
                .orElseThrow(() -> new SQLException("preview subdomain claim changed concurrently", "40001"));
        if (holder.namespace().equals(namespace) && holder.sandboxName().equals(sandboxName)) {
            return Optional.empty();
        }
        if (holderExists.test(holder)) {
            return Optional.of(holder);
        }
        Sql.update(
                c,
                "update preview_subdomains set namespace = ?, sandbox_name = ?, tenant_id = ?, claimed_at = now()"
                        + " where subdomain = ?",
                claim);
        return Optional.empty();
    }

    /** Frees every name a sandbox holds except {@code keep} (all of them when {@code keep} is empty). */
    public void release(String namespace, String sandboxName, Collection<String> keep) throws SQLException {
        Sql.update(
                dataSource,
                "delete from preview_subdomains where namespace = ? and sandbox_name = ? and not (subdomain = any (?))",
                s -> {
                    s.setString(1, namespace);
                    s.setString(2, sandboxName);
                    s.setArray(3, s.getConnection().createArrayOf("text", keep.toArray()));
                });
    }

    /** Who holds a name, if anyone. */
    public Optional<SubdomainClaim> holder(String subdomain) throws SQLException {
        return Sql.first(
                dataSource,
                "select namespace, sandbox_name, tenant_id from preview_subdomains where subdomain = ?",
                s -> s.setString(1, subdomain),
                r -> new SubdomainClaim(subdomain, r.getString(1), r.getString(2), r.getString(3)));
    }
}
