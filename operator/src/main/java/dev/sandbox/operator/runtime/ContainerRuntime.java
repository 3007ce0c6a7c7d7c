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

  /** Creates the named volume with these labels unless it exists. */
  void ensureVolume(String name, Map<String, String> labels);

  /**
   * Creates a shared volume with a driver and driver options unless it exists; {@link IllegalArgumentException} when
   * the engine refuses the driver or options.
   */
  void ensureSharedVolume(String name, String driver, Map<String, String> options, Map<String, String> labels);

  /** Bytes stored in a volume, or -1 when it cannot be measured from here. */
  long volumeBytes(String name);

  /** Creates a bridge network for one sandbox (no traffic between its containers and others) unless it exists. */
  void ensureNetwork(String name, Map<String, String> labels);

  /** Creates the container; when one with that name already exists, returns its id instead. */
  String create(ContainerSpec spec);

  /**
   * Makes the workspace volume mounted in this container writable by the image's user, which may not be root. Done
   * before the first start; harmless to repeat.
   */
  void prepareWorkspace(String containerId, String volumeName, String imageUser);

  void start(String containerId);

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

  /** Removes the volume; no error when it does not exist. */
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
