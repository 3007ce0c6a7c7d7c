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

  /** Labels every Docker object of this sandbox carries; {@code role} says which object it is. */
  public static Map<String, String> labels(Sandbox sandbox, String node, String role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGER);
    labels.put(NAMESPACE, sandbox.getMetadata().getNamespace());
    labels.put(NAME, sandbox.getMetadata().getName());
    labels.put(UID, sandbox.getMetadata().getUid());
    labels.put(NODE, node);
    labels.put(ROLE, role);
    return labels;
  }

  /** Labels that select every managed object on a node. */
  public static Map<String, String> nodeSelector(String node) {
    return Map.of(MANAGED_BY, MANAGER, NODE, node);
  }
}
