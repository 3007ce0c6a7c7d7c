package dev.sandbox.operator.agent;

import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.VolumeInfo;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a sandbox's container and workspace on this node from its UID. Only objects this node's operator made for
 * exactly that UID count: the agent never touches anything else on the engine, whatever it is asked.
 */
final class SandboxLocator {
  private static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final ContainerIo io;
  private final String node;

  SandboxLocator(ContainerIo io, String node) {
    this.io = io;
    this.node = node;
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

  private static void checkUid(String uid) {
    if (uid == null || !UID.matcher(uid).matches()) {
      throw AgentException.notFound("no sandbox with uid '" + uid + "'");
    }
  }
}
