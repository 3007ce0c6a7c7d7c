package dev.sandbox.operator.agent;

import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerNotRunningException;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.VolumeInfo;
import dev.sandbox.operator.volume.NetworkVolumeReconciler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Finds a sandbox's container and workspace on this node from its UID. Only objects this node's operator made for
 * exactly that UID count: the agent never touches anything else on the engine, whatever it is asked.
 */
final class SandboxLocator {
    private static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** How long a running container found for a command is reused without asking the engine again. */
    static final Duration REUSE = Duration.ofSeconds(30);

    private static final int MAX_REMEMBERED = 10_000;

    private final ContainerIo io;
    private final String installation;
    private final String node;
    private final ConcurrentHashMap<String, Remembered> recent = new ConcurrentHashMap<>();

    SandboxLocator(ContainerIo io, String installation, String node) {
        this.io = io;
        this.installation = installation;
        this.node = node;
    }

    /**
     * Runs {@code action} (which starts a command) on the sandbox's running container. A container found running a
     * moment ago is used without inspecting it again: its id proves it is ours (ids are never reused and labels never
     * change), and the engine itself refuses a command in a container that has stopped or gone since. Only then
     * ({@link ContainerNotRunningException}) is the container looked up afresh, and the action tried once more or the
     * caller told precisely why not (404, 409).
     */
    <T> T withRunning(String uid, Function<ContainerState, T> action) {
        Remembered hit = recent.get(uid);
        if (hit != null && System.nanoTime() - hit.foundAt() < REUSE.toNanos()) {
            try {
                return action.apply(hit.container());
            } catch (ContainerNotRunningException stale) {
                recent.remove(uid, hit);
            }
        }
        ContainerState fresh = running(uid);
        if (recent.size() >= MAX_REMEMBERED) {
            recent.clear();
        }
        recent.put(uid, new Remembered(fresh, System.nanoTime()));
        return action.apply(fresh);
    }

    /** The user commands run as by default in this container ("" for root). */
    String userOf(ContainerState container) {
        return container.user() != null ? container.user() : io.containerUser(container.id());
    }

    /** The sandbox's container, running or not; 404 when there is none of ours. */
    ContainerState container(String uid) {
        return findContainer(uid)
                .orElseThrow(() -> AgentException.notFound("sandbox " + uid + " has no container on node " + node));
    }

    /** The sandbox's running container; 409 when it exists but is not running. */
    ContainerState running(String uid) {
        ContainerState container = container(uid);
        if (!container.running()) {
            throw AgentException.conflict("the sandbox's container is " + container.status() + ", not running");
        }
        return container;
    }

    Optional<ContainerState> findContainer(String uid) {
        checkUid(uid);
        return io.inspect(SandboxNames.container(uid))
                .filter(c -> ours(c.labels(), uid))
                .filter(c -> !"removing".equals(c.status()));
    }

    /**
     * The network volume named {@code volumeName} (the NetworkVolume resource's name) as the sandbox's container (found
     * with {@link #container}) mounts it; 404 when it mounts none of that name. Only Docker volumes this node's operator
     * made for a NetworkVolume of the sandbox's own namespace count.
     */
    ContainerState.VolumeMount networkVolume(ContainerState container, String volumeName) {
        String namespace = container.labels().get(SandboxNames.NAMESPACE);
        for (ContainerState.VolumeMount mount : container.volumes()) {
            if (!mount.name().startsWith(SandboxNames.sharedVolume(""))) {
                continue;
            }
            Optional<VolumeInfo> volume = io.inspectVolume(mount.name());
            if (volume.isPresent() && isNetworkVolume(volume.get().labels(), volumeName, namespace)) {
                String source = volume.get().mountpoint() != null ? volume.get().mountpoint() : mount.source();
                return new ContainerState.VolumeMount(mount.name(), source, mount.destination(), mount.readOnly());
            }
        }
        throw AgentException.notFound(
                "the sandbox mounts no volume named '" + volumeName + "'; its own is 'workspace'");
    }

    private boolean isNetworkVolume(Map<String, String> labels, String volumeName, String namespace) {
        return SandboxNames.ours(labels, installation, node)
                && "network-volume".equals(labels.get(SandboxNames.ROLE))
                && volumeName.equals(labels.get(NetworkVolumeReconciler.VOLUME_NAME_LABEL))
                && namespace != null
                && namespace.equals(labels.get(SandboxNames.NAMESPACE));
    }

    /** The sandbox's workspace volume, which outlives a stopped container; 404 when there is none of ours. */
    VolumeInfo workspace(String uid) {
        checkUid(uid);
        return io.inspectVolume(SandboxNames.workspaceVolume(uid))
                .filter(v -> ours(v.labels(), uid))
                .orElseThrow(() ->
                        AgentException.notFound("sandbox " + uid + " has no workspace on node " + node + " (yet)"));
    }

    private boolean ours(Map<String, String> labels, String uid) {
        return SandboxNames.ours(labels, installation, node) && uid.equals(labels.get(SandboxNames.UID));
    }

    private record Remembered(ContainerState container, long foundAt) {}

    private static void checkUid(String uid) {
        if (uid == null || !UID.matcher(uid).matches()) {
            throw AgentException.notFound("no sandbox with uid '" + uid + "'");
        }
    }
}
