package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSnapshotSpec;
import dev.sandbox.crd.SandboxSnapshotStatus;
import dev.sandbox.crd.SandboxSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** SandboxSnapshot resources of one tenant: created, listed, read and deleted on the tenant's behalf. */
final class Snapshots {
    /** Label on a snapshot naming the sandbox it was taken of. */
    static final String SOURCE_LABEL = "sandbox.dev/snapshot-of";
    /** Annotation on a snapshot made by a fork: the operator deletes it once no sandbox started from it exists. */
    static final String DELETE_WHEN_UNUSED = "sandbox.dev/delete-when-unused";

    /** A snapshot's name: a DNS label, as Kubernetes names its resources. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final KubernetesClient client;
    private final String namespace;

    Snapshots(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Creates the snapshot resource of the tenant's sandbox; the operator of its node takes it. */
    SandboxSnapshot create(String tenant, Sandbox source, String name, boolean forFork) {
        SandboxSnapshot snapshot = new SandboxSnapshot();
        Map<String, String> labels = new HashMap<>();
        labels.put(Sandbox.TENANT_LABEL, tenant);
        labels.put(SOURCE_LABEL, source.getMetadata().getName());
        snapshot.setMetadata(new ObjectMetaBuilder()
                .withName(name != null ? name : "snap-" + SandboxService.newId().substring(4))
                .withNamespace(namespace)
                .withLabels(labels)
                .withFinalizers(SandboxSnapshot.FINALIZER)
                .withAnnotations(forFork ? Map.of(DELETE_WHEN_UNUSED, "true") : Map.of())
                .build());
        SandboxSnapshotSpec spec = new SandboxSnapshotSpec();
        spec.setSandbox(source.getMetadata().getName());
        spec.setMemory(false);
        snapshot.setSpec(spec);
        if (name != null && find(name) != null) {
            throw new ApiException(409, "conflict", "a snapshot named '" + name + "' exists already", "name");
        }
        return KubeCalls.call(() -> client.resource(snapshot).create());
    }

    /** The tenant's snapshot; 404 naming {@code field} when it does not exist or belongs to someone else. */
    SandboxSnapshot get(String tenant, String name, String field) {
        SandboxSnapshot snapshot = name == null || !NAME.matcher(name).matches() ? null : find(name);
        if (snapshot == null || !TenantLabel.ownedBy(snapshot, tenant)) {
            throw new ApiException(404, "not_found", "no snapshot '" + name + "'", field);
        }
        return snapshot;
    }

    /** The tenant's snapshot to start a sandbox from: taken or being taken, not failed and not being deleted. */
    SandboxSnapshot readyFor(String tenant, String name, String field) {
        SandboxSnapshot snapshot = get(tenant, name, field);
        if (snapshot.getMetadata().getDeletionTimestamp() != null) {
            throw new ApiException(409, "conflict", "snapshot '" + name + "' is being deleted", field);
        }
        SandboxSnapshotStatus status = snapshot.getStatus();
        if (status != null && SandboxSnapshotStatus.FAILED.equals(status.getPhase())) {
            throw new ApiException(409, "conflict", "snapshot '" + name + "' failed: " + status.getMessage(), field);
        }
        return snapshot;
    }

    /** Makes {@code spec} start from the snapshot: its name, its node and, unless the spec names one, its image. */
    static void startFrom(SandboxSpec spec, SandboxSnapshot snapshot) {
        spec.setSnapshot(snapshot.getMetadata().getName());
        SandboxSnapshotStatus status = snapshot.getStatus();
        if (status != null && status.getNodeName() != null) {
            spec.setNodeName(status.getNodeName());
        }
        if (spec.getImage() == null && status != null && status.getImage() != null) {
            spec.setImage(status.getImage());
        }
    }

    /** The tenant's snapshots, oldest first; only those of one sandbox when {@code sandbox} is given. */
    List<SandboxSnapshot> list(String tenant, String sandbox) {
        var query =
                client.resources(SandboxSnapshot.class).inNamespace(namespace).withLabel(Sandbox.TENANT_LABEL, tenant);
        List<SandboxSnapshot> items =
                KubeCalls.call(() -> (sandbox == null ? query : query.withLabel(SOURCE_LABEL, sandbox))
                        .list()
                        .getItems());
        return items.stream()
                .sorted((a, b) -> String.valueOf(a.getMetadata().getCreationTimestamp())
                        .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())))
                .toList();
    }

    /** Deletes the tenant's snapshot; 409 while sandboxes started from it exist (nothing is changed then). */
    void delete(String tenant, String name) {
        SandboxSnapshot snapshot = get(tenant, name, null);
        List<String> users =
                KubeCalls.call(() -> client.resources(Sandbox.class)
                                .inNamespace(namespace)
                                .list()
                                .getItems())
                        .stream()
                        .filter(s -> s.getSpec() != null
                                && name.equals(s.getSpec().getSnapshot())
                                && s.getMetadata().getDeletionTimestamp() == null)
                        .map(s -> s.getMetadata().getName())
                        .sorted()
                        .toList();
        if (!users.isEmpty()) {
            throw ApiException.conflict("snapshot '" + name + "' is in use by sandboxes " + String.join(", ", users)
                    + "; delete them first (their containers run the snapshot's image)");
        }
        KubeCalls.call(() -> client.resource(snapshot).delete());
    }

    /** Waits until the snapshot matches {@code done} or is gone; 504 after {@code timeout}. */
    SandboxSnapshot await(String name, Predicate<SandboxSnapshot> done, Duration timeout) {
        return KubeCalls.await(
                client.resources(SandboxSnapshot.class).inNamespace(namespace).withName(name),
                done,
                timeout,
                () -> new ApiException(
                        504,
                        "timeout",
                        "snapshot '" + name + "' was not taken within " + timeout.toSeconds()
                                + " s; it is still being worked on, ask again with GET /v1/snapshots/" + name,
                        null));
    }

    static boolean settled(SandboxSnapshot s) {
        return s.getStatus() != null
                && (SandboxSnapshotStatus.READY.equals(s.getStatus().getPhase())
                        || SandboxSnapshotStatus.FAILED.equals(s.getStatus().getPhase()));
    }

    private SandboxSnapshot find(String name) {
        return KubeCalls.call(() -> client.resources(SandboxSnapshot.class)
                .inNamespace(namespace)
                .withName(name)
                .get());
    }
}
