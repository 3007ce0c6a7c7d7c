package dev.sandbox.operator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrphanPolicyTest {

    static Map<String, String> labels(String role) {
        Map<String, String> labels = new HashMap<>(Map.of(
                "sandbox.dev/managed-by", "sandbox-operator",
                "sandbox.dev/installation", "i1",
                "sandbox.dev/node", "n1",
                "sandbox.dev/namespace", "default",
                "sandbox.dev/name", "s",
                "sandbox.dev/uid", "u1"));
        labels.put("sandbox.dev/role", role);
        return labels;
    }

    @Test
    void onlyObjectsWithAllOurLabelsForThisInstallationAndNodeHaveAnOwner() {
        assertThat(OrphanPolicy.owner(labels("sandbox"), "i1", "n1"))
                .contains(new OrphanPolicy.Owner("default", "s", "u1"));
        assertThat(OrphanPolicy.owner(labels("workspace"), "i1", "n1")).isPresent();
        assertThat(OrphanPolicy.owner(labels("network"), "i1", "n1")).isPresent();
        assertThat(OrphanPolicy.owner(labels("sandbox"), "i1", "n2")).isEmpty();
        assertThat(OrphanPolicy.owner(labels("network-volume"), "i1", "n1")).isEmpty();
        assertThat(OrphanPolicy.owner(Map.of(), "i1", "n1")).isEmpty();
        // Another installation's object on the same engine and node, or one made before installations were labelled.
        assertThat(OrphanPolicy.owner(labels("sandbox"), "i2", "n1")).isEmpty();
        for (String missing : new String[] {
            "sandbox.dev/installation",
            "sandbox.dev/managed-by",
            "sandbox.dev/namespace",
            "sandbox.dev/name",
            "sandbox.dev/uid",
            "sandbox.dev/role"
        }) {
            Map<String, String> partial = labels("sandbox");
            partial.remove(missing);
            assertThat(OrphanPolicy.owner(partial, "i1", "n1"))
                    .as("without %s", missing)
                    .isEmpty();
        }
        Map<String, String> foreign = labels("sandbox");
        foreign.put("sandbox.dev/managed-by", "someone-else");
        assertThat(OrphanPolicy.owner(foreign, "i1", "n1")).isEmpty();
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
