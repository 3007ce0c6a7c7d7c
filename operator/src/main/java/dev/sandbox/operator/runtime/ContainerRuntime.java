package dev.sandbox.operator.runtime;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The narrow view of a node's container engine that the operator needs. Every call is idempotent where the name says
 * "ensure" or "remove", so a reconcile interrupted at any point can simply run again.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Fails with {@link RuntimeUnavailableException} when the engine cannot be reached. */
    void ping();

    /** CPU cores and memory of the engine's host. */
    NodeCapacity capacity();

    /** The container with this name, if any. */
    Optional<ContainerState> inspect(String containerName);

    /** Containers carrying all the given labels, running or not. */
    List<ContainerState> list(Map<String, String> labels);

    /**
     * Makes sure the image is on the node, pulling it if not; {@link ImageNotFoundException} when it cannot be had.
     *
     * @return true when it had to be pulled
     */
    boolean ensureImage(String image);

    /** Whether the image is on the node. */
    boolean imageExists(String image);

    /**
     * Builds an image from in-memory files (one of them the Dockerfile) and tags it.
     *
     * @return the build output
     * @throws ImageBuildException when the build fails, with its output
     */
    String buildImage(String tag, Map<String, String> files, Map<String, String> labels);

    /** The last {@code lines} lines the container printed (stdout and stderr interleaved). */
    String logTail(String containerId, int lines);

    /** User the image runs as by default ("" for root). */
    String imageUser(String image);

    /**
     * Creates the named volume with these labels unless it exists. With {@code diskBytes > 0} the volume is a file
     * system of that size of its own (see {@link DiskImages}), so writing past it fails with "No space left on device";
     * an existing one is (re)mounted, which a container start after a node restart needs. Plain when the node cannot
     * make such file systems.
     */
    void ensureVolume(String name, long diskBytes, Map<String, String> labels);

    /**
     * A shared volume of a Disk class: as {@link #ensureVolume} with a size, and writable by every sandbox user (sticky,
     * as /tmp) when first made.
     */
    void ensureSharedDisk(String name, long diskBytes, Map<String, String> labels);

    /** Bytes used and the size of a volume's own file system; empty when it has none (or it is not mounted here). */
    Optional<DiskImages.Usage> diskUsage(String volumeName);

    /** Whether volumes get file systems of their own on this node. */
    boolean diskLimitsEnforced();

    /** Names of the volumes that have a file system image on this node, Docker volume or not (for the leftover sweep). */
    List<String> diskVolumes();

    /** Removes a volume's file system (unmount, loop device, image) when it has one; its Docker volume must be gone. */
    void releaseDisk(String volumeName);

    /**
     * Creates a shared volume with a driver and driver options unless it exists; {@link VolumeRefusedException} when
     * the engine refuses the driver or options.
     */
    void ensureSharedVolume(String name, String driver, Map<String, String> options, Map<String, String> labels);

    /** Bytes stored in a volume, or -1 when it cannot be measured from here. */
    long volumeBytes(String name);

    /**
     * Creates a bridge network for one sandbox (no traffic between its containers and others) unless it exists.
     *
     * @param subnets the subnets to give it, tried in order until the engine takes one (refused ones are in use); empty
     *     to let the engine choose
     */
    void ensureNetwork(String name, Map<String, String> labels, java.util.List<String> subnets);

    /**
     * Creates the container; when one with that name already exists, returns its id instead.
     *
     * @throws ContainerRefusedException when the engine refuses the container as specified
     */
    String create(ContainerSpec spec);

    /**
     * Makes the workspace volume mounted in this container writable by the image's user, which may not be root. Done
     * before the first start; harmless to repeat.
     */
    void prepareWorkspace(String containerId, String volumeName, String imageUser);

    /**
     * Starts a created or stopped container; nothing when it runs already.
     *
     * @throws ContainerRefusedException when the engine refuses to start it ({@link HostPortTakenException} and
     *     {@link GpuUnavailableException} say why when it is known)
     */
    void start(String containerId);

    /**
     * Changes the CPU and memory limits of a container in place (running or not), without recreating it.
     *
     * @throws LimitsRefusedException where the runtime cannot or the engine refuses; the caller then recreates the
     *     container
     */
    default void updateLimits(String containerId, long nanoCpus, long memoryBytes) {
        throw new LimitsRefusedException("this runtime cannot change limits in place", null);
    }

    /** Stops gracefully: SIGTERM, then SIGKILL after the timeout. */
    void stop(String containerId, Duration timeout);

    /**
     * Freezes every process of a running container with the engine's pause (the cgroup freezer): memory stays as it is
     * and no CPU is used until {@link #unpause}. No error when it is paused already.
     */
    void pause(String containerId);

    /** Lets the processes of a paused container run on where they were; no error when it is not paused. */
    void unpause(String containerId);

    /** The engine's image and volume operations behind snapshots (commit, volume copies, image removal). */
    SnapshotStore snapshots();

    /** Removes the container (killing it if needed); no error when it does not exist. */
    void remove(String containerNameOrId);

    /** Removes the volume and its own file system, if any; no error when it does not exist. */
    void removeVolume(String name);

    /** Removes the network; no error when it does not exist. */
    void removeNetwork(String name);

    /** Volumes carrying all the given labels. */
    List<String> listVolumes(Map<String, String> labels);

    /**
     * Runs a command in a running container and collects its output (each stream capped at {@code maxOutputBytes}). A
     * command still running after {@code timeout} is killed.
     */
    ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes);

    /**
     * One reading of a running container's resource use. The call returns after about a second (Docker needs two
     * readings for CPU use) and leaves no stream open. Empty when the container is gone or not running.
     *
     * @throws RuntimeUnavailableException when the engine cannot be reached or does not answer in time
     */
    Optional<ContainerStats> stats(String containerId);

    /**
     * One reading at once, without the second of priming {@link #stats} waits for: its previous CPU fields are 0, so CPU
     * use comes from comparing it with an earlier reading ({@link ContainerStats#since}). Meant for sampling many
     * containers. Engines that cannot give such a reading answer as {@link #stats} does.
     */
    default Optional<ContainerStats> statsNow(String containerId) {
        return stats(containerId);
    }

    /** Volumes carrying all the given labels, with their labels. */
    List<LabelledObject> listLabelledVolumes(Map<String, String> labels);

    /** Networks carrying all the given labels, with their labels. */
    List<LabelledObject> listNetworks(Map<String, String> labels);

    /** Follows engine events about managed containers until the returned handle is closed. */
    Closeable watchEvents(Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError);

    @Override
    void close();
}
