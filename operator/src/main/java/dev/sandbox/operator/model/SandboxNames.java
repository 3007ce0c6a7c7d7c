package dev.sandbox.operator.model;

import dev.sandbox.crd.Sandbox;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic Docker identities of a sandbox. Names come from the resource UID, so a restarted operator finds what
 * it made before, and a deleted-then-recreated resource of the same name never adopts the old one's objects.
 */
public final class SandboxNames {
    public static final String MANAGED_BY = "sandbox.dev/managed-by";
    public static final String MANAGER = "sandbox-operator";
    public static final String NAMESPACE = "sandbox.dev/namespace";
    public static final String NAME = "sandbox.dev/name";
    public static final String UID = "sandbox.dev/uid";
    public static final String NODE = "sandbox.dev/node";
    /** Identity of the installation (cluster or dev-mode state directory) that made the object. */
    public static final String INSTALLATION = "sandbox.dev/installation";

    public static final String ROLE = "sandbox.dev/role";
    public static final String SPEC_HASH = "sandbox.dev/spec-hash";
    public static final String WORKSPACE_PATH = "/workspace";

    private SandboxNames() {}

    public static String container(String uid) {
        return "sandbox-" + uid;
    }

    public static String workspaceVolume(String uid) {
        return "sandbox-" + uid + "-workspace";
    }

    /** Docker volume holding a NetworkVolume on a node, named after the NetworkVolume's UID. */
    public static String sharedVolume(String networkVolumeUid) {
        return "nvol-" + networkVolumeUid;
    }

    public static String network(String uid) {
        return "sandbox-" + uid + "-net";
    }

    /**
     * Labels every Docker object of this sandbox carries; {@code role} says which object it is.
     *
     * @param installation identity of the installation making the object
     */
    public static Map<String, String> labels(Sandbox sandbox, String installation, String node, String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(INSTALLATION, requireInstallation(installation));
        labels.put(NAMESPACE, sandbox.getMetadata().getNamespace());
        labels.put(NAME, sandbox.getMetadata().getName());
        labels.put(UID, sandbox.getMetadata().getUid());
        labels.put(NODE, node);
        labels.put(ROLE, role);
        return labels;
    }

    /** Labels that select every object that installation {@code installation} made on {@code node}, and nothing else. */
    public static Map<String, String> nodeSelector(String installation, String node) {
        return Map.of(MANAGED_BY, MANAGER, INSTALLATION, requireInstallation(installation), NODE, node);
    }

    /** Whether an object's labels say that this installation's operator on this node made it. */
    public static boolean ours(Map<String, String> labels, String installation, String node) {
        return MANAGER.equals(labels.get(MANAGED_BY))
                && installation != null
                && installation.equals(labels.get(INSTALLATION))
                && node.equals(labels.get(NODE));
    }

    private static String requireInstallation(String installation) {
        // Without an installation every other installation's objects would match: never select or label without one.
        if (installation == null || installation.isBlank()) {
            throw new IllegalStateException("the installation id is not known yet");
        }
        return installation;
    }
}
