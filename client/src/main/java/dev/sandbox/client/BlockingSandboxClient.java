package dev.sandbox.client;

import java.nio.file.Path;
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
   * Lists the caller's sandboxes in a phase that carry every one of {@code labels}.
   *
   * @param status a phase such as {@code running}, or {@code null} for all
   * @param labels labels every listed sandbox carries
   * @return the sandboxes, oldest first
   */
  public List<SandboxInfo> listSandboxes(String status, Map<String, String> labels) {
    return await(client.listSandboxes(status, labels));
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

  /**
   * Runs a command with options such as a working directory, extra environment or another user.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout, working directory, environment and user
   * @return exit code and output
   * @throws SandboxValidationException when the node refuses an option (the field says which)
   * @throws SandboxException on any other failure
   */
  public ExecResult executeCommand(String sandboxId, List<String> command, ExecOptions options) {
    return await(client.executeCommand(sandboxId, command, options));
  }

  /**
   * Runs a command line and streams its output line by line; the same as
   * {@link SandboxClient#streamCommand(String, String)} (streams are blocking when iterated anyway).
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line
   * @return the output stream; close it to kill the command early
   */
  public CommandStream streamCommand(String sandboxId, String commandLine) {
    return client.streamCommand(sandboxId, commandLine);
  }

  /**
   * Runs a command with options and streams its output line by line.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout, working directory, environment and user
   * @return the output stream; close it to kill the command early
   */
  public CommandStream streamCommand(String sandboxId, List<String> command, ExecOptions options) {
    return client.streamCommand(sandboxId, command, options);
  }

  /**
   * Starts a command that takes input while it runs; see
   * {@link SandboxClient#openInteractive(String, List, ExecOptions, TerminalSize, InteractiveListener)}.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout, working directory, environment and user
   * @param terminal size of the pseudo-terminal, or {@code null} for plain pipes
   * @param listener receives the output as it arrives
   * @return the open session
   */
  public InteractiveCommand openInteractive(String sandboxId, List<String> command, ExecOptions options, TerminalSize terminal,
      InteractiveListener listener) {
    return await(client.openInteractive(sandboxId, command, options, terminal, listener));
  }

  /**
   * Runs a command line, calling {@code listener} for each line of output, and returns once it has ended.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line
   * @param listener receives the lines, in order
   * @return how the command ended
   * @throws SandboxException on any failure
   */
  public ExecExit streamCommand(String sandboxId, String commandLine, CommandListener listener) {
    return await(client.streamCommand(sandboxId, commandLine, listener));
  }

  /**
   * Lists a directory on a sandbox volume.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path directory relative to the volume root; {@code ""} for the root
   * @return the entries
   * @throws SandboxException on any failure
   */
  public DirectoryListing listDirectory(String sandboxId, String volumeId, String path) {
    return await(client.listDirectory(sandboxId, volumeId, path));
  }

  /**
   * Creates a directory with any missing parents.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path directory relative to the volume root
   * @throws SandboxException on any failure
   */
  public void makeDirectory(String sandboxId, String volumeId, String path) {
    await(client.makeDirectory(sandboxId, volumeId, path));
  }

  /**
   * Reads a whole file into memory.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @return its bytes
   * @throws SandboxException on any failure
   */
  public byte[] readFile(String sandboxId, String volumeId, String path) {
    return await(client.readFile(sandboxId, volumeId, path));
  }

  /**
   * Writes a text file (UTF-8), creating or replacing it atomically.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @param content the text
   * @return where it was written, its size and checksum
   * @throws SandboxException on any failure
   */
  public FileWriteResult writeFile(String sandboxId, String volumeId, String path, String content) {
    return await(client.writeFile(sandboxId, volumeId, path, content));
  }

  /**
   * Writes a file, creating or replacing it atomically.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @param content the bytes
   * @return where it was written, its size and checksum
   * @throws SandboxException on any failure
   */
  public FileWriteResult writeFile(String sandboxId, String volumeId, String path, byte[] content) {
    return await(client.writeFile(sandboxId, volumeId, path, content));
  }

  /**
   * Uploads a local file, streamed from disk and checked by SHA-256.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path target file relative to the volume root
   * @param localFile the file to send
   * @return where it was written, its size and checksum
   * @throws SandboxException on any failure
   */
  public FileWriteResult uploadFile(String sandboxId, String volumeId, String path, Path localFile) {
    return await(client.uploadFile(sandboxId, volumeId, path, localFile));
  }

  /**
   * Uploads a zip, tar or tar.gz archive and unpacks it into a directory.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param directory target directory relative to the volume root
   * @param archive the local archive
   * @return what was unpacked
   * @throws SandboxException on any failure
   */
  public ArchiveUploadResult uploadArchive(String sandboxId, String volumeId, String directory, Path archive) {
    return await(client.uploadArchive(sandboxId, volumeId, directory, archive));
  }

  /**
   * Downloads a file to the local disk, streamed.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @param target local file to create or replace
   * @return the saved file with its size and SHA-256
   * @throws SandboxException on any failure
   */
  public DownloadedFile downloadFile(String sandboxId, String volumeId, String path, Path target) {
    return await(client.downloadFile(sandboxId, volumeId, path, target));
  }

  /**
   * Deletes a file, a link or a directory.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param path what to delete, relative to the volume root
   * @param recursive {@code true} to delete a directory with everything in it
   * @throws SandboxException on any failure
   */
  public void deleteFile(String sandboxId, String volumeId, String path, boolean recursive) {
    await(client.deleteFile(sandboxId, volumeId, path, recursive));
  }

  /**
   * Renames or moves a file or directory within a volume.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
   * @param from current path relative to the volume root
   * @param to new path relative to the volume root
   * @param overwrite {@code true} to replace an existing {@code to}
   * @throws SandboxException on any failure
   */
  public void renameFile(String sandboxId, String volumeId, String from, String to, boolean overwrite) {
    await(client.renameFile(sandboxId, volumeId, from, to, overwrite));
  }

  /**
   * Exports a folder of a sandbox as a zip file on the local disk.
   *
   * @param sandboxId the sandbox id
   * @param folderPath absolute path in the sandbox
   * @param outputZip local file to create or replace
   * @return {@code outputZip}
   * @throws SandboxException on any failure
   */
  public Path exportContainer(String sandboxId, String folderPath, Path outputZip) {
    return await(client.exportContainer(sandboxId, folderPath, outputZip));
  }

  /**
   * Exports a folder of a sandbox as a zip, in memory.
   *
   * @param sandboxId the sandbox id
   * @param folderPath absolute path in the sandbox
   * @return the zip's bytes
   * @throws SandboxException on any failure
   */
  public byte[] exportContainer(String sandboxId, String folderPath) {
    return await(client.exportContainer(sandboxId, folderPath));
  }

  /**
   * Reads the last lines of a sandbox's log.
   *
   * @param sandboxId the sandbox id
   * @param tail how many lines; negative for all
   * @return the lines, oldest first
   * @throws SandboxException on any failure
   */
  public List<LogLine> getLogs(String sandboxId, int tail) {
    return await(client.getLogs(sandboxId, tail));
  }

  /**
   * Follows a sandbox's log; the same as {@link SandboxClient#followLogs(String, int)}.
   *
   * @param sandboxId the sandbox id
   * @param tail how many earlier lines to start with; negative for all
   * @return the lines as a stream
   */
  public SandboxStream<LogLine> followLogs(String sandboxId, int tail) {
    return client.followLogs(sandboxId, tail);
  }

  /**
   * Reads the resource use of a running sandbox.
   *
   * @param sandboxId the sandbox id
   * @return one sample
   * @throws SandboxException on any failure
   */
  public SandboxStats getStats(String sandboxId) {
    return await(client.getStats(sandboxId));
  }

  /**
   * Streams the resource use of a running sandbox; the same as {@link SandboxClient#streamStats(String)}.
   *
   * @param sandboxId the sandbox id
   * @return the samples as a stream
   */
  public SandboxStream<SandboxStats> streamStats(String sandboxId) {
    return client.streamStats(sandboxId);
  }

  /**
   * Issues a preview token for a sandbox.
   *
   * @param sandboxId the sandbox id
   * @param expiresIn how long it is valid; {@code null} for one hour
   * @return the token and the preview URLs with it
   * @throws SandboxException on any failure
   */
  public PreviewAccess createPreviewToken(String sandboxId, Duration expiresIn) {
    return await(client.createPreviewToken(sandboxId, expiresIn));
  }

  /**
   * Starts a command in the background.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout (up to 30 days), working directory, environment and user
   * @return the started process
   * @throws SandboxException on any failure
   */
  public BackgroundProcess startProcess(String sandboxId, List<String> command, ExecOptions options) {
    return await(client.startProcess(sandboxId, command, options));
  }

  /**
   * Starts a command line in the background through {@code /bin/sh -c}.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line
   * @return the started process
   * @throws SandboxException on any failure
   */
  public BackgroundProcess startProcess(String sandboxId, String commandLine) {
    return await(client.startProcess(sandboxId, commandLine));
  }

  /**
   * Lists the background processes of a sandbox.
   *
   * @param sandboxId the sandbox id
   * @return the processes, oldest first
   * @throws SandboxException on any failure
   */
  public List<BackgroundProcess> listProcesses(String sandboxId) {
    return await(client.listProcesses(sandboxId));
  }

  /**
   * Reads one background process.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @return its state
   * @throws SandboxException on any failure
   */
  public BackgroundProcess getProcess(String sandboxId, String processId) {
    return await(client.getProcess(sandboxId, processId));
  }

  /**
   * Reads a background process's output from byte offsets on.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @param stdoutFrom standard output offset
   * @param stderrFrom standard error offset
   * @return the output and the offsets to ask for next
   * @throws SandboxException on any failure
   */
  public ProcessOutput getProcessOutput(String sandboxId, String processId, long stdoutFrom, long stderrFrom) {
    return await(client.getProcessOutput(sandboxId, processId, stdoutFrom, stderrFrom));
  }

  /**
   * Sends a signal to a running background process.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @param signal {@code INT}, {@code TERM}, {@code KILL} or {@code HUP}
   * @return whether the signal was delivered
   * @throws SandboxException on any failure
   */
  public boolean signalProcess(String sandboxId, String processId, String signal) {
    return await(client.signalProcess(sandboxId, processId, signal));
  }

  /**
   * Waits up to {@code wait} (at most 5 minutes) for a background process to end.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @param wait how long to wait
   * @return its state afterwards
   * @throws SandboxException on any failure
   */
  public BackgroundProcess waitForProcess(String sandboxId, String processId, Duration wait) {
    return await(client.waitForProcess(sandboxId, processId, wait));
  }

  /**
   * Kills a background process (when it still runs) and forgets it.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @throws SandboxException on any failure
   */
  public void removeProcess(String sandboxId, String processId) {
    await(client.removeProcess(sandboxId, processId));
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
   * Pauses a sandbox (processes frozen, memory kept, no CPU) and waits until it is paused; see
   * {@link SandboxClient#pauseSandbox(String)}.
   *
   * @param sandboxId the sandbox id
   * @return the paused sandbox
   */
  public SandboxInfo pauseSandbox(String sandboxId) {
    return await(client.pauseSandbox(sandboxId));
  }

  /**
   * Resumes a paused sandbox and waits until it is Running.
   *
   * @param sandboxId the sandbox id
   * @return the running sandbox
   */
  public SandboxInfo resumeSandbox(String sandboxId) {
    return await(client.resumeSandbox(sandboxId));
  }

  /**
   * Runs a command line, resuming the sandbox first when it is paused.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line, run by {@code /bin/sh -c}
   * @return exit code and output
   */
  public ExecResult executeCommandResuming(String sandboxId, String commandLine) {
    return await(client.executeCommandResuming(sandboxId, commandLine));
  }

  /**
   * Takes a snapshot of a sandbox's files and waits until it is ready; see {@link SandboxClient#createSnapshot}.
   *
   * @param sandboxId the sandbox id
   * @param name a name for the snapshot, or {@code null} for a generated one
   * @return the snapshot
   */
  public SnapshotInfo createSnapshot(String sandboxId, String name) {
    return await(client.createSnapshot(sandboxId, name));
  }

  /**
   * Lists the caller's snapshots.
   *
   * @return the snapshots, oldest first
   */
  public List<SnapshotInfo> listSnapshots() {
    return await(client.listSnapshots());
  }

  /**
   * Reads a snapshot.
   *
   * @param snapshotId the snapshot's id
   * @return the snapshot
   */
  public SnapshotInfo getSnapshot(String snapshotId) {
    return await(client.getSnapshot(snapshotId));
  }

  /**
   * Deletes a snapshot; refused while sandboxes started from it exist.
   *
   * @param snapshotId the snapshot's id
   */
  public void deleteSnapshot(String snapshotId) {
    await(client.deleteSnapshot(snapshotId));
  }

  /**
   * Forks a sandbox and waits until the fork runs; see {@link SandboxClient#forkSandbox(String)}.
   *
   * @param sandboxId the sandbox to fork
   * @return the new sandbox
   */
  public SandboxInfo forkSandbox(String sandboxId) {
    return await(client.forkSandbox(sandboxId));
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
