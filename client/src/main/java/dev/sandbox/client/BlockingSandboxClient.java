package dev.sandbox.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Blocking view of a {@link SandboxClient}: the same operations, returning plain values and throwing the SDK
 * exceptions ({@link SandboxNotFoundException}, {@link SandboxValidationException}, ...) directly rather than wrapped
 * in a {@link CompletionException}. Get one with {@link SandboxClient#blocking()}; it is thread-safe and is closed
 * with its client.
 */
public final class BlockingSandboxClient {
  private final SandboxClient client;

  BlockingSandboxClient(SandboxClient client) {
    this.client = client;
  }

  /**
   * Creates a sandbox and returns as soon as the gateway has accepted it.
   *
   * @param request what to run
   * @return the new sandbox
   * @throws SandboxException on any failure
   */
  public SandboxInfo createSandbox(CreateSandboxRequest request) {
    return await(client.createSandbox(request));
  }

  /**
   * Creates a sandbox, optionally waiting until it is Running or Failed.
   *
   * @param request what to run
   * @param waitUntilReady {@code true} to return only once the sandbox is Running or Failed
   * @return the new sandbox
   * @throws SandboxTimeoutException when the gateway gave up waiting
   * @throws SandboxException on any other failure
   */
  public SandboxInfo createSandbox(CreateSandboxRequest request, boolean waitUntilReady) {
    return await(client.createSandbox(request, waitUntilReady));
  }

  /**
   * Reads one sandbox.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox
   * @throws SandboxNotFoundException when it does not exist
   * @throws SandboxException on any other failure
   */
  public SandboxInfo getSandbox(String sandboxId) {
    return await(client.getSandbox(sandboxId));
  }

  /**
   * Reads one sandbox; the same as {@link #getSandbox(String)}.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox, whose {@link SandboxInfo#phase()} is its status
   * @throws SandboxNotFoundException when it does not exist
   * @throws SandboxException on any other failure
   */
  public SandboxInfo getSandboxStatus(String sandboxId) {
    return await(client.getSandboxStatus(sandboxId));
  }

  /**
   * Lists the caller's sandboxes.
   *
   * @return every sandbox of the caller's tenant
   * @throws SandboxException on any failure
   */
  public List<SandboxInfo> listSandboxes() {
    return await(client.listSandboxes());
  }

  /**
   * Lists the caller's sandboxes in one phase.
   *
   * @param status a phase such as {@code running} (case-insensitive), or {@code null} for all
   * @return the matching sandboxes
   * @throws SandboxException on any failure
   */
  public List<SandboxInfo> listSandboxes(String status) {
    return await(client.listSandboxes(status));
  }

  /**
   * Deletes a sandbox.
   *
   * @param sandboxId the sandbox id
   * @throws SandboxNotFoundException when it does not exist
   * @throws SandboxException on any other failure
   */
  public void deleteSandbox(String sandboxId) {
    await(client.deleteSandbox(sandboxId));
  }

  /**
   * Runs a command line through {@code /bin/sh -c} in a running sandbox.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line such as {@code "echo hi"}
   * @return exit code and output
   * @throws SandboxOperationException when the sandbox is not Running
   * @throws SandboxException on any other failure
   */
  public ExecResult executeCommand(String sandboxId, String commandLine) {
    return await(client.executeCommand(sandboxId, commandLine));
  }

  /**
   * Runs a command, given as separate arguments, in a running sandbox.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param timeout how long the command may run, up to one hour; {@code null} for the gateway's default of 60 s
   * @return exit code and output; {@link ExecResult#timedOut()} tells whether the command was killed
   * @throws SandboxOperationException when the sandbox is not Running
   * @throws SandboxException on any other failure
   */
  public ExecResult executeCommand(String sandboxId, List<String> command, Duration timeout) {
    return await(client.executeCommand(sandboxId, command, timeout));
  }

  /**
   * Reads the resource-usage history of a sandbox: samples taken after {@code since}, oldest first.
   *
   * @param sandboxId the sandbox id
   * @param since only samples taken after this time; {@code null} for the last hour
   * @return the samples; {@link UsageHistory#truncated()} says whether more follow
   * @throws SandboxNotFoundException when the sandbox does not exist
   * @throws SandboxException on any other failure
   */
  public UsageHistory getUsage(String sandboxId, Instant since) {
    return await(client.getUsage(sandboxId, since));
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = GatewayErrors.unwrap(e);
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SandboxException("sandbox call failed: " + cause, cause);
    } catch (CancellationException e) {
      throw new SandboxException("sandbox call was cancelled", e);
    }
  }

  /**
   * Stops a sandbox and waits until it is stopped; see {@link SandboxClient#stopSandbox(String, Duration)}.
   *
   * @param sandboxId the sandbox id
   * @param timeout grace period before the process is killed, or {@code null} for the default
   * @return the stopped sandbox
   */
  public SandboxInfo stopSandbox(String sandboxId, Duration timeout) {
    return await(client.stopSandbox(sandboxId, timeout));
  }

  /**
   * Starts a sandbox and waits until it is Running or Failed.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox
   */
  public SandboxInfo startSandbox(String sandboxId) {
    return await(client.startSandbox(sandboxId));
  }

  /**
   * Restarts a sandbox, keeping its workspace, and waits until it is Running or Failed.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox
   */
  public SandboxInfo restartSandbox(String sandboxId) {
    return await(client.restartSandbox(sandboxId));
  }

  /**
   * Reads the sandbox's environment variables.
   *
   * @param sandboxId the sandbox id
   * @return the variables by name
   */
  public Map<String, String> getEnvironment(String sandboxId) {
    return await(client.getEnvironment(sandboxId));
  }

  /**
   * Changes the environment (recreating the container, keeping the workspace) and waits until it is live.
   *
   * @param sandboxId the sandbox id
   * @param environment variables to set
   * @param merge {@code true} to merge into the current variables, {@code false} to replace them
   * @return the environment now in force
   */
  public Map<String, String> updateEnvironment(String sandboxId, Map<String, String> environment, boolean merge) {
    return await(client.updateEnvironment(sandboxId, environment, merge));
  }

  /**
   * Reads the entrypoint and command.
   *
   * @param sandboxId the sandbox id
   * @return the entrypoint and command
   */
  public Entrypoint getEntrypoint(String sandboxId) {
    return await(client.getEntrypoint(sandboxId));
  }

  /**
   * Changes the entrypoint and/or command and waits until the change is live.
   *
   * @param sandboxId the sandbox id
   * @param entrypoint new entrypoint, or {@code null} to keep it
   * @param command new command, or {@code null} to keep it
   * @return the entrypoint and command now in force
   */
  public Entrypoint updateEntrypoint(String sandboxId, List<String> entrypoint, List<String> command) {
    return await(client.updateEntrypoint(sandboxId, entrypoint, command));
  }

  /**
   * Creates a network volume; see {@link SandboxClient#createNetworkVolume(String, String, String, String)}.
   *
   * @param name the volume's name
   * @param driver the driver, or {@code null} for {@code local}
   * @param size a size such as {@code 1g}, or {@code null}
   * @param mountPath the default mount path, or {@code null}
   * @return the new volume
   */
  public NetworkVolumeInfo createNetworkVolume(String name, String driver, String size, String mountPath) {
    return await(client.createNetworkVolume(name, driver, size, mountPath));
  }

  /**
   * Lists the caller's network volumes.
   *
   * @return the volumes
   */
  public List<NetworkVolumeInfo> listNetworkVolumes() {
    return await(client.listNetworkVolumes());
  }

  /**
   * Reads a network volume.
   *
   * @param name the volume's name
   * @return the volume
   */
  public NetworkVolumeInfo getNetworkVolume(String name) {
    return await(client.getNetworkVolume(name));
  }

  /**
   * Deletes a network volume; refused while a sandbox mounts it.
   *
   * @param name the volume's name
   */
  public void deleteNetworkVolume(String name) {
    await(client.deleteNetworkVolume(name));
  }

  /**
   * Mounts a network volume into a sandbox and waits until the mount is live.
   *
   * @param sandboxId the sandbox id
   * @param volumeName the volume's name
   * @param mountPath where, or {@code null} for the volume's default
   * @param readOnly read-only, or {@code null} for the volume's default
   * @return the sandbox
   */
  public SandboxInfo mountVolume(String sandboxId, String volumeName, String mountPath, Boolean readOnly) {
    return await(client.mountVolume(sandboxId, volumeName, mountPath, readOnly));
  }

  /**
   * Unmounts a network volume from a sandbox and waits until it is gone from the container.
   *
   * @param sandboxId the sandbox id
   * @param volumeName the volume's name
   * @return the sandbox
   */
  public SandboxInfo unmountVolume(String sandboxId, String volumeName) {
    return await(client.unmountVolume(sandboxId, volumeName));
  }
}
