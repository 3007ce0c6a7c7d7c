package dev.sandbox.operator.cleanup;

import dev.sandbox.operator.model.SandboxNames;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which Docker objects are orphans: made by this project's operator for a Sandbox on this node (all our labels
 * present, this installation's, a sandbox role) whose Sandbox no longer exists, or exists again under the same name with another UID. Objects
 * without the full set of labels are never orphans, whatever their names look like. Pure.
 */
public final class OrphanPolicy {
    /** Roles of the Docker objects the Sandbox reconciler makes; other roles (network volumes) belong to other owners. */
    static final Set<String> SANDBOX_ROLES = Set.of("sandbox", "workspace", "network");

    private OrphanPolicy() {}

    /**
     * The Sandbox an object was made for, when it carries our labels for this installation and node. Objects of another
     * installation (or made before installations were labelled) are never anyone's orphans here.
     */
    public static Optional<Owner> owner(Map<String, String> labels, String installation, String node) {
        String role = labels.get(SandboxNames.ROLE);
        if (!SandboxNames.ours(labels, installation, node) || role == null || !SANDBOX_ROLES.contains(role)) {
            return Optional.empty();
        }
        String namespace = labels.get(SandboxNames.NAMESPACE);
        String name = labels.get(SandboxNames.NAME);
        String uid = labels.get(SandboxNames.UID);
        if (isBlank(namespace) || isBlank(name) || isBlank(uid)) {
            return Optional.empty();
        }
        return Optional.of(new Owner(namespace, name, uid));
    }

    /**
     * Whether the owner is gone.
     *
     * @param existing UIDs of the Sandboxes that exist, by {@code namespace/name}
     */
    public static boolean orphaned(Owner owner, Map<String, String> existing) {
        return !owner.uid().equals(existing.get(owner.key()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The Sandbox named by an object's labels.
     *
     * @param namespace its namespace
     * @param name its name
     * @param uid its UID
     */
    public record Owner(String namespace, String name, String uid) {
        /** {@code namespace/name}. */
        public String key() {
            return namespace + "/" + name;
        }
    }
}
