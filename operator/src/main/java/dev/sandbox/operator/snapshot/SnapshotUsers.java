package dev.sandbox.operator.snapshot;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The sandboxes started from a snapshot ({@code spec.snapshot} naming it) that still exist and are not being deleted. */
public final class SnapshotUsers {
    private SnapshotUsers() {}

    public static List<String> of(KubernetesClient client, SandboxSnapshot snapshot) {
        return client
                .resources(Sandbox.class)
                .inNamespace(snapshot.getMetadata().getNamespace())
                .list()
                .getItems()
                .stream()
                .filter(s -> s.getSpec() != null
                        && snapshot.getMetadata().getName().equals(s.getSpec().getSnapshot()))
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList();
    }
}
