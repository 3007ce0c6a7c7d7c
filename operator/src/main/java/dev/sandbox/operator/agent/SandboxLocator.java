package dev.sandbox.operator.agent;

import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerNotRunningException;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.VolumeInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.Optional;
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
  private final String node;
  private final ConcurrentHashMap<String, Remembered> recent = new ConcurrentHashMap<>();

  SandboxLocator(ContainerIo io, String node) {
    this.io = io;
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
    return findContainer(uid).orElseThrow(() -> AgentException.notFound("sandbox " + uid + " has no container on node " + node));
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
    return io.inspect(SandboxNames.container(uid)).filter(c -> ours(c.labels(), uid)).filter(c -> !"removing".equals(c.status()));
  }

  /** The sandbox's workspace volume, which outlives a stopped container; 404 when there is none of ours. */
  VolumeInfo workspace(String uid) {
    checkUid(uid);
    return io.inspectVolume(SandboxNames.workspaceVolume(uid)).filter(v -> ours(v.labels(), uid))
        .orElseThrow(() -> AgentException.notFound("sandbox " + uid + " has no workspace on node " + node + " (yet)"));
  }

  private boolean ours(Map<String, String> labels, String uid) {
    return SandboxNames.MANAGER.equals(labels.get(SandboxNames.MANAGED_BY)) && node.equals(labels.get(SandboxNames.NODE))
        && uid.equals(labels.get(SandboxNames.UID));
  }

  private record Remembered(ContainerState container, long foundAt) {}

  private static void checkUid(String uid) {
    if (uid == null || !UID.matcher(uid).matches()) {
      throw AgentException.notFound("no sandbox with uid '" + uid + "'");
    }
  }
}
