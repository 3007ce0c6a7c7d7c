package dev.sandbox.dev;

import dev.sandbox.gateway.ExecBackend;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ExecResult;
import dev.sandbox.operator.runtime.RuntimeUnavailableException;
import com.github.dockerjava.api.exception.DockerException;
import java.time.Duration;
import java.util.List;

/** Exec for a single-node installation: the gateway calls the node's container runtime in process. */
final class LocalExecBackend implements ExecBackend {
  private final ContainerRuntime runtime;
  private final String node;

  LocalExecBackend(ContainerRuntime runtime, String node) {
    this.runtime = runtime;
    this.node = node;
  }

  @Override
  public ExecOutput exec(String sandboxNode, String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
    if (!node.equals(sandboxNode)) {
      throw new BackendUnavailableException("sandbox runs on node '" + sandboxNode + "', which this gateway cannot reach", null);
    }
    try {
      ExecResult r = runtime.exec(containerId, command, timeout, maxOutputBytes);
      return new ExecOutput(r.exitCode(), r.stdout(), r.stderr(), r.durationMs(), r.timedOut(), r.truncated());
    } catch (RuntimeUnavailableException e) {
      throw new BackendUnavailableException(e.getMessage(), e);
    } catch (DockerException e) {
      if (e.getHttpStatus() == 404 || e.getHttpStatus() == 409) {
        throw new BackendUnavailableException("the sandbox's container is not running: " + e.getMessage().trim(), e);
      }
      throw e;
    }
  }
}
