package dev.sandbox.operator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrphanPolicyTest {

  static Map<String, String> labels(String role) {
    Map<String, String> labels = new HashMap<>(Map.of(
        "sandbox.dev/managed-by", "sandbox-operator",
        "sandbox.dev/node", "n1",
        "sandbox.dev/namespace", "default",
        "sandbox.dev/name", "s",
        "sandbox.dev/uid", "u1"));
    labels.put("sandbox.dev/role", role);
    return labels;
  }

  @Test
  void onlyObjectsWithAllOurLabelsForThisNodeHaveAnOwner() {
    assertThat(OrphanPolicy.owner(labels("sandbox"), "n1")).contains(new OrphanPolicy.Owner("default", "s", "u1"));
    assertThat(OrphanPolicy.owner(labels("workspace"), "n1")).isPresent();
    assertThat(OrphanPolicy.owner(labels("network"), "n1")).isPresent();
    assertThat(OrphanPolicy.owner(labels("sandbox"), "n2")).isEmpty();
    assertThat(OrphanPolicy.owner(labels("network-volume"), "n1")).isEmpty();
    assertThat(OrphanPolicy.owner(Map.of(), "n1")).isEmpty();
    for (String missing : new String[] {"sandbox.dev/managed-by", "sandbox.dev/namespace", "sandbox.dev/name", "sandbox.dev/uid",
        "sandbox.dev/role"}) {
      Map<String, String> partial = labels("sandbox");
      partial.remove(missing);
      assertThat(OrphanPolicy.owner(partial, "n1")).as("without %s", missing).isEmpty();
    }
    Map<String, String> foreign = labels("sandbox");
    foreign.put("sandbox.dev/managed-by", "someone-else");
    assertThat(OrphanPolicy.owner(foreign, "n1")).isEmpty();
  }

  @Test
  void anOwnerIsGoneWhenNoSandboxOfThatNameOrOnlyOneWithAnotherUidExists() {
    OrphanPolicy.Owner owner = new OrphanPolicy.Owner("default", "s", "u1");
    assertThat(OrphanPolicy.orphaned(owner, Map.of("default/s", "u1"))).isFalse();
    assertThat(OrphanPolicy.orphaned(owner, Map.of())).isTrue();
    assertThat(OrphanPolicy.orphaned(owner, Map.of("default/s", "u2"))).isTrue();
    assertThat(OrphanPolicy.orphaned(owner, Map.of("other/s", "u1"))).isTrue();
  }
}
