package dev.sandbox.operator.snapshot;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSnapshotStatus;
import dev.sandbox.kube.KubernetesEvents;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.ImageInUseException;
import dev.sandbox.operator.sandbox.JournalEntry;
import dev.sandbox.operator.sandbox.SandboxJournal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each SandboxSnapshot once, on the node of its sandbox: the container is frozen for one consistent moment (when
 * it runs), its file system committed to an image and its workspace copied into a volume of the snapshot's own, then it
 * runs on. A snapshot is deleted only when no sandbox started from it exists any more; its image and volume go with it.
 * Memory checkpoints (CRIU) are refused: the reference machines' kernel cannot take them.
 */
@ControllerConfiguration(name = SnapshotReconciler.NAME)
public class SnapshotReconciler implements Reconciler<SandboxSnapshot>, Cleaner<SandboxSnapshot> {
    public static final String NAME = "sandboxsnapshot";
    public static final String REASON_TAKEN = "Taken";
    public static final String REASON_MEMORY_UNSUPPORTED = "MemoryUnsupported";
    public static final String REASON_SANDBOX_NOT_FOUND = "SandboxNotFound";
    public static final String REASON_NO_CONTAINER = "NoContainer";
    public static final String REASON_COPY_FAILED = "CopyFailed";
    /** Why memory snapshots are refused, in the words the API and the status use. */
    public static final String MEMORY_UNSUPPORTED =
            "memory snapshots need a CRIU checkpoint of the container, which this node's "
                    + "kernel and engine cannot take; snapshots here capture files only (memory: false)";

    private static final Logger log = LoggerFactory.getLogger(SnapshotReconciler.class);
    private static final Duration RECHECK = Duration.ofSeconds(30);
    /** Annotation on a snapshot made for a fork: deleted once no sandbox started from it exists. */
    public static final String DELETE_WHEN_UNUSED = "sandbox.dev/delete-when-unused";

    private final ContainerRuntime runtime;
    private final OperatorConfig config;
    private final KubernetesClient client;
    private final SnapshotGuard guard;
    private final KubernetesEvents events;
    private final SandboxJournal journal;

    public SnapshotReconciler(
            ContainerRuntime runtime,
            OperatorConfig config,
            KubernetesClient client,
            SandboxMirror mirror,
            SnapshotGuard guard) {
        this.runtime = runtime;
        this.config = config;
        this.client = client;
        this.guard = guard;
        this.events = new KubernetesEvents(client, "sandbox-operator", config.nodeName());
        this.journal = new SandboxJournal(events, mirror);
    }

    @Override
    public UpdateControl<SandboxSnapshot> reconcile(SandboxSnapshot snapshot, Context<SandboxSnapshot> context) {
        SandboxSnapshotStatus status = snapshot.getStatus();
        if (status != null
                && (SandboxSnapshotStatus.READY.equals(status.getPhase())
                        || SandboxSnapshotStatus.FAILED.equals(status.getPhase()))) {
            // Taken (or refused) once and for all; only the list of sandboxes using it is kept current.
            if (!config.nodeName().equals(status.getNodeName()) && status.getNodeName() != null) {
                return UpdateControl.noUpdate();
            }
            List<String> users = SnapshotUsers.of(client, snapshot);
            if (users.isEmpty() && deleteWhenUnused(snapshot)) {
                // Made for a fork whose sandbox is gone (or was never made): nobody asked to keep it.
                log.info(
                        "snapshot {}/{}: made for a fork that no longer exists; deleting it",
                        snapshot.getMetadata().getNamespace(),
                        snapshot.getMetadata().getName());
                client.resource(snapshot).delete();
                return UpdateControl.noUpdate();
            }
            if (users.equals(status.getUsedBy())) {
                return UpdateControl.<SandboxSnapshot>noUpdate().rescheduleAfter(RECHECK);
            }
            status.setUsedBy(users);
            return UpdateControl.patchStatus(snapshot).rescheduleAfter(RECHECK);
        }
        if (Boolean.TRUE.equals(snapshot.getSpec().getMemory())) {
            return finish(snapshot, failed(REASON_MEMORY_UNSUPPORTED, MEMORY_UNSUPPORTED), null);
        }
        String namespace = snapshot.getMetadata().getNamespace();
        Sandbox sandbox = client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withName(snapshot.getSpec().getSandbox())
                .get();
        if (sandbox == null || sandbox.getMetadata().getDeletionTimestamp() != null) {
            return finish(
                    snapshot,
                    failed(
                            REASON_SANDBOX_NOT_FOUND,
                            "sandbox " + snapshot.getSpec().getSandbox() + " does not exist in namespace " + namespace),
                    null);
        }
        String node = sandbox.getStatus() != null && sandbox.getStatus().getNodeName() != null
                ? sandbox.getStatus().getNodeName()
                : sandbox.getSpec().getNodeName();
        if (node != null && !config.nodeName().equals(node)) {
            return UpdateControl.noUpdate();
        }
        Optional<ContainerState> container = node == null
                ? Optional.empty()
                : runtime.inspect(SandboxNames.container(sandbox.getMetadata().getUid()))
                        .filter(c -> !"removing".equals(c.status()));
        if (container.isEmpty()) {
            SandboxSnapshotStatus waiting = new SandboxSnapshotStatus();
            waiting.setPhase(SandboxSnapshotStatus.PENDING);
            waiting.setReason(REASON_NO_CONTAINER);
            waiting.setMessage("waiting for sandbox " + sandbox.getMetadata().getName() + " to have a container");
            return finish(snapshot, waiting, Duration.ofMillis(500));
        }
        if (!guard.enter(sandbox.getMetadata().getUid())) {
            return UpdateControl.<SandboxSnapshot>noUpdate().rescheduleAfter(Duration.ofMillis(200));
        }
        try {
            // Checked again like any taken snapshot: its own status write triggers no reconcile (same generation), and
            // a
            // fork's snapshot must still be found unused and deleted once the fork is gone.
            return finish(snapshot, take(snapshot, sandbox, container.get()), RECHECK);
        } finally {
            guard.leave(sandbox.getMetadata().getUid());
        }
    }

    private SandboxSnapshotStatus take(SandboxSnapshot snapshot, Sandbox sandbox, ContainerState container) {
        String uid = snapshot.getMetadata().getUid();
        String image = SnapshotNames.image(uid);
        String volume = SnapshotNames.volume(uid);
        long started = System.nanoTime();
        long workspaceBytes;
        // Frozen for the commit and the copy, so the file system and the workspace are of one moment.
        boolean froze = container.running();
        if (froze) {
            runtime.pause(container.id());
        }
        try {
            runtime.snapshots()
                    .commit(
                            container.id(),
                            image,
                            SnapshotNames.labels(snapshot, config.installation(), config.nodeName()));
            workspaceBytes = runtime.snapshots()
                    .copyVolume(
                            SandboxNames.workspaceVolume(sandbox.getMetadata().getUid()),
                            volume,
                            SnapshotNames.labels(snapshot, config.installation(), config.nodeName()));
        } catch (UncheckedIOException e) {
            return failed(REASON_COPY_FAILED, e.getMessage());
        } finally {
            if (froze && sandbox.getSpec().getDesiredState() != dev.sandbox.crd.DesiredState.Paused) {
                runtime.unpause(container.id());
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        long imageOwn = Math.max(0, runtime.snapshots().imageOwnBytes(image));
        SandboxSnapshotStatus status = new SandboxSnapshotStatus();
        status.setPhase(SandboxSnapshotStatus.READY);
        status.setReason(REASON_TAKEN);
        status.setNodeName(config.nodeName());
        status.setImage(image);
        status.setVolume(volume);
        status.setSourceUid(sandbox.getMetadata().getUid());
        status.setSourceImage(
                sandbox.getStatus() != null && sandbox.getStatus().getImage() != null
                        ? sandbox.getStatus().getImage()
                        : sandbox.getSpec().getImage());
        status.setWorkspaceBytes(workspaceBytes);
        status.setImageBytes(Math.max(0, runtime.snapshots().imageBytes(image)));
        status.setSizeBytes(workspaceBytes + imageOwn);
        status.setDurationMs(ms);
        status.setReadyAt(Instant.now().toString());
        status.setUsedBy(SnapshotUsers.of(client, snapshot));
        String message = "snapshot of sandbox " + sandbox.getMetadata().getName() + " taken in " + ms
                + " ms (workspace " + workspaceBytes + " bytes)";
        status.setMessage(message);
        log.info(
                "snapshot {}/{}: {}",
                snapshot.getMetadata().getNamespace(),
                snapshot.getMetadata().getName(),
                message);
        journal.record(
                sandbox,
                JournalEntry.of(
                                "SnapshotTaken",
                                REASON_TAKEN,
                                "snapshot " + snapshot.getMetadata().getName() + " taken (" + workspaceBytes
                                        + " bytes of workspace)")
                        .withEventMessage("snapshot " + snapshot.getMetadata().getName() + " taken in " + ms + " ms"));
        return status;
    }

    /** A fork's snapshot, old enough that the fork's sandbox would exist by now if it was made. */
    private static boolean deleteWhenUnused(SandboxSnapshot snapshot) {
        var annotations = snapshot.getMetadata().getAnnotations();
        String created = snapshot.getMetadata().getCreationTimestamp();
        return annotations != null
                && "true".equals(annotations.get(DELETE_WHEN_UNUSED))
                && created != null
                && Instant.parse(created).plusSeconds(30).isBefore(Instant.now());
    }

    private UpdateControl<SandboxSnapshot> finish(
            SandboxSnapshot snapshot, SandboxSnapshotStatus next, Duration again) {
        SandboxSnapshotStatus previous = snapshot.getStatus();
        boolean changed = previous == null
                || !Objects.equals(previous.getPhase(), next.getPhase())
                || !Objects.equals(previous.getMessage(), next.getMessage());
        if (changed && !SandboxSnapshotStatus.PENDING.equals(next.getPhase())) {
            events.publish(
                    snapshot,
                    SandboxSnapshotStatus.FAILED.equals(next.getPhase()),
                    next.getReason(),
                    next.getMessage());
        }
        snapshot.setStatus(next);
        UpdateControl<SandboxSnapshot> control =
                changed ? UpdateControl.patchStatus(snapshot) : UpdateControl.noUpdate();
        return again == null ? control : control.rescheduleAfter(again);
    }

    private static SandboxSnapshotStatus failed(String reason, String message) {
        SandboxSnapshotStatus status = new SandboxSnapshotStatus();
        status.setPhase(SandboxSnapshotStatus.FAILED);
        status.setReason(reason);
        status.setMessage(message);
        return status;
    }

    @Override
    public DeleteControl cleanup(SandboxSnapshot snapshot, Context<SandboxSnapshot> context) {
        String node = snapshot.getStatus() == null ? null : snapshot.getStatus().getNodeName();
        if (node != null && !node.equals(config.nodeName())) {
            return DeleteControl.noFinalizerRemoval();
        }
        List<String> users = SnapshotUsers.of(client, snapshot);
        if (!users.isEmpty()) {
            // Held: the sandboxes started from it run its image; removing it would break them at their next recreation.
            String message =
                    "deletion waits until no sandbox started from it exists; used by " + String.join(", ", users);
            if (snapshot.getStatus() == null
                    || !message.equals(snapshot.getStatus().getMessage())) {
                log.info(
                        "snapshot {}/{}: {}",
                        snapshot.getMetadata().getNamespace(),
                        snapshot.getMetadata().getName(),
                        message);
                events.publish(snapshot, false, "DeletionHeld", message);
                client.resource(snapshot).editStatus(latest -> {
                    SandboxSnapshotStatus status =
                            latest.getStatus() == null ? new SandboxSnapshotStatus() : latest.getStatus();
                    status.setUsedBy(users);
                    status.setMessage(message);
                    latest.setStatus(status);
                    return latest;
                });
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(3));
        }
        String uid = snapshot.getMetadata().getUid();
        try {
            runtime.snapshots().removeImage(SnapshotNames.image(uid));
        } catch (ImageInUseException e) {
            // A sandbox started from it is being removed right now; its container goes in a moment.
            log.debug("snapshot {}: {}", snapshot.getMetadata().getName(), e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(1));
        }
        runtime.removeVolume(SnapshotNames.volume(uid));
        log.info(
                "snapshot {}/{}: image and workspace copy removed",
                snapshot.getMetadata().getNamespace(),
                snapshot.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }
}
