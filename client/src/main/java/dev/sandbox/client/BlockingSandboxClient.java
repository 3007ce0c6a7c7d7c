package dev.sandbox.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

// Longer than 500 lines on purpose: only declarations with their documentation. Nothing here is implemented by hand;
// Blocking makes the implementation by delegating each method to the SandboxClient method of the same name.

/**
 * Blocking view of a {@link SandboxClient}: the same operations, returning plain values and throwing the SDK
 * exceptions ({@link SandboxNotFoundException}, {@link SandboxValidationException}, ...) directly rather than wrapped
 * in a {@link CompletionException}. Get one with {@link SandboxClient#blocking()}; it is thread-safe and is closed
 * with its client.
 *
 * <p>Each method is the {@link SandboxClient} method of the same name and parameters, waited for. Calls that answer at
 * once (streams, {@link #previewUrl}) return the same object as on {@link SandboxClient}.
 */
public interface BlockingSandboxClient {

    /**
     * Creates a sandbox and returns as soon as the gateway has accepted it.
     *
     * @param request what to run
     * @return the new sandbox
     * @throws SandboxException on any failure
     */
    SandboxInfo createSandbox(CreateSandboxRequest request);

    /**
     * Creates a sandbox, optionally waiting until it is Running or Failed.
     *
     * @param request what to run
     * @param waitUntilReady {@code true} to return only once the sandbox is Running or Failed
     * @return the new sandbox
     * @throws SandboxTimeoutException when the gateway gave up waiting
     * @throws SandboxException on any other failure
     */
    SandboxInfo createSandbox(CreateSandboxRequest request, boolean waitUntilReady);

    /**
     * Reads one sandbox.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox
     * @throws SandboxNotFoundException when it does not exist
     * @throws SandboxException on any other failure
     */
    SandboxInfo getSandbox(String sandboxId);

    /**
     * Reads one sandbox; the same as {@link #getSandbox(String)}.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox, whose {@link SandboxInfo#phase()} is its status
     * @throws SandboxNotFoundException when it does not exist
     * @throws SandboxException on any other failure
     */
    SandboxInfo getSandboxStatus(String sandboxId);

    /**
     * Lists the caller's sandboxes.
     *
     * @return every sandbox of the caller's tenant
     * @throws SandboxException on any failure
     */
    List<SandboxInfo> listSandboxes();

    /**
     * Lists the caller's sandboxes in one phase.
     *
     * @param status a phase such as {@code running} (case-insensitive), or {@code null} for all
     * @return the matching sandboxes
     * @throws SandboxException on any failure
     */
    List<SandboxInfo> listSandboxes(String status);
    /**
     * Lists the caller's sandboxes in a phase that carry every one of {@code labels}.
     *
     * @param status a phase such as {@code running}, or {@code null} for all
     * @param labels labels every listed sandbox carries
     * @return the sandboxes, oldest first
     */
    List<SandboxInfo> listSandboxes(String status, Map<String, String> labels);

    /**
     * Deletes a sandbox.
     *
     * @param sandboxId the sandbox id
     * @throws SandboxNotFoundException when it does not exist
     * @throws SandboxException on any other failure
     */
    void deleteSandbox(String sandboxId);

    /**
     * Runs a command line through {@code /bin/sh -c} in a running sandbox.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line such as {@code "echo hi"}
     * @return exit code and output
     * @throws SandboxOperationException when the sandbox is not Running
     * @throws SandboxException on any other failure
     */
    ExecResult executeCommand(String sandboxId, String commandLine);

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
    ExecResult executeCommand(String sandboxId, List<String> command, Duration timeout);

    /**
     * Reads the resource-usage history of a sandbox: samples taken after {@code since}, oldest first.
     *
     * @param sandboxId the sandbox id
     * @param since only samples taken after this time; {@code null} for the last hour
     * @return the samples; {@link UsageHistory#truncated()} says whether more follow
     * @throws SandboxNotFoundException when the sandbox does not exist
     * @throws SandboxException on any other failure
     */
    UsageHistory getUsage(String sandboxId, Instant since);

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
    ExecResult executeCommand(String sandboxId, List<String> command, ExecOptions options);

    /**
     * Runs a command line and streams its output line by line; the same as
     * {@link SandboxClient#streamCommand(String, String)} (streams are blocking when iterated anyway).
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line
     * @return the output stream; close it to kill the command early
     */
    CommandStream streamCommand(String sandboxId, String commandLine);

    /**
     * Runs a command with options and streams its output line by line.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout, working directory, environment and user
     * @return the output stream; close it to kill the command early
     */
    CommandStream streamCommand(String sandboxId, List<String> command, ExecOptions options);

    /**
     * Starts a command that takes input while it runs; see
     * {@link SandboxClient#openInteractive(String, List, ExecOptions, InteractiveListener)}.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout, working directory, environment, user and terminal size ({@code null} for plain pipes)
     * @param listener receives the output as it arrives
     * @return the open session
     */
    InteractiveCommand openInteractive(
            String sandboxId, List<String> command, ExecOptions options, InteractiveListener listener);

    /**
     * Runs a command line, calling {@code listener} for each line of output, and returns once it has ended.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line
     * @param listener receives the lines, in order
     * @return how the command ended
     * @throws SandboxException on any failure
     */
    ExecExit streamCommand(String sandboxId, String commandLine, CommandListener listener);

    /**
     * Runs a command with options, calling {@code listener} for each line of output, and returns once it has ended.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout, working directory, environment and user
     * @param listener receives the lines, in order
     * @return how the command ended
     * @throws SandboxException on any failure
     */
    ExecExit streamCommand(String sandboxId, List<String> command, ExecOptions options, CommandListener listener);

    /**
     * Lists a directory on a sandbox volume.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path directory relative to the volume root; {@code ""} for the root
     * @return the entries
     * @throws SandboxException on any failure
     */
    DirectoryListing listDirectory(String sandboxId, String volumeId, String path);

    /**
     * Creates a directory with any missing parents.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path directory relative to the volume root
     * @throws SandboxException on any failure
     */
    void makeDirectory(String sandboxId, String volumeId, String path);

    /**
     * Reads a whole file into memory.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path file relative to the volume root
     * @return its bytes
     * @throws SandboxException on any failure
     */
    byte[] readFile(String sandboxId, String volumeId, String path);

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
    FileWriteResult writeFile(String sandboxId, String volumeId, String path, String content);

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
    FileWriteResult writeFile(String sandboxId, String volumeId, String path, byte[] content);

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
    FileWriteResult uploadFile(String sandboxId, String volumeId, String path, Path localFile);

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
    ArchiveUploadResult uploadArchive(String sandboxId, String volumeId, String directory, Path archive);

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
    DownloadedFile downloadFile(String sandboxId, String volumeId, String path, Path target);

    /**
     * Deletes a file, a link or a directory.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path what to delete, relative to the volume root
     * @param recursive {@code true} to delete a directory with everything in it
     * @throws SandboxException on any failure
     */
    void deleteFile(String sandboxId, String volumeId, String path, boolean recursive);

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
    void renameFile(String sandboxId, String volumeId, String from, String to, boolean overwrite);

    /**
     * Exports a folder of a sandbox as a zip file on the local disk.
     *
     * @param sandboxId the sandbox id
     * @param folderPath absolute path in the sandbox
     * @param outputZip local file to create or replace
     * @return {@code outputZip}
     * @throws SandboxException on any failure
     */
    Path exportContainer(String sandboxId, String folderPath, Path outputZip);

    /**
     * Exports a folder of a sandbox as a zip, in memory.
     *
     * @param sandboxId the sandbox id
     * @param folderPath absolute path in the sandbox
     * @return the zip's bytes
     * @throws SandboxException on any failure
     */
    byte[] exportContainer(String sandboxId, String folderPath);

    /**
     * Reads the last lines of a sandbox's log.
     *
     * @param sandboxId the sandbox id
     * @param tail how many lines; negative for all
     * @return the lines, oldest first
     * @throws SandboxException on any failure
     */
    List<LogLine> getLogs(String sandboxId, int tail);

    /**
     * Follows a sandbox's log; the same as {@link SandboxClient#followLogs(String, int)}.
     *
     * @param sandboxId the sandbox id
     * @param tail how many earlier lines to start with; negative for all
     * @return the lines as a stream
     */
    SandboxStream<LogLine> followLogs(String sandboxId, int tail);

    /**
     * Reads the resource use of a running sandbox.
     *
     * @param sandboxId the sandbox id
     * @return one sample
     * @throws SandboxException on any failure
     */
    SandboxStats getStats(String sandboxId);

    /**
     * Streams the resource use of a running sandbox; the same as {@link SandboxClient#streamStats(String)}.
     *
     * @param sandboxId the sandbox id
     * @return the samples as a stream
     */
    SandboxStream<SandboxStats> streamStats(String sandboxId);

    /**
     * Issues a preview token for a sandbox.
     *
     * @param sandboxId the sandbox id
     * @param expiresIn how long it is valid; {@code null} for one hour
     * @return the token and the preview URLs with it
     * @throws SandboxException on any failure
     */
    PreviewAccess createPreviewToken(String sandboxId, Duration expiresIn);

    /**
     * The path-form preview URL of a sandbox port on this gateway; see {@link SandboxClient#previewUrl(String, int)}.
     *
     * @param sandboxId the sandbox id
     * @param port the port inside the sandbox
     * @return the URL
     */
    String previewUrl(String sandboxId, int port);

    /**
     * Starts a command in the background.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout (up to 30 days), working directory, environment and user
     * @return the started process
     * @throws SandboxException on any failure
     */
    BackgroundProcess startProcess(String sandboxId, List<String> command, ExecOptions options);

    /**
     * Starts a command line in the background through {@code /bin/sh -c}.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line
     * @return the started process
     * @throws SandboxException on any failure
     */
    BackgroundProcess startProcess(String sandboxId, String commandLine);

    /**
     * Lists the background processes of a sandbox.
     *
     * @param sandboxId the sandbox id
     * @return the processes, oldest first
     * @throws SandboxException on any failure
     */
    List<BackgroundProcess> listProcesses(String sandboxId);

    /**
     * Reads one background process.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @return its state
     * @throws SandboxException on any failure
     */
    BackgroundProcess getProcess(String sandboxId, String processId);

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
    ProcessOutput getProcessOutput(String sandboxId, String processId, long stdoutFrom, long stderrFrom);

    /**
     * Sends a signal to a running background process.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @param signal {@code INT}, {@code TERM}, {@code KILL} or {@code HUP}
     * @return whether the signal was delivered
     * @throws SandboxException on any failure
     */
    boolean signalProcess(String sandboxId, String processId, String signal);

    /**
     * Waits up to {@code wait} (at most 5 minutes) for a background process to end.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @param wait how long to wait
     * @return its state afterwards
     * @throws SandboxException on any failure
     */
    BackgroundProcess waitForProcess(String sandboxId, String processId, Duration wait);

    /**
     * Kills a background process (when it still runs) and forgets it.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @throws SandboxException on any failure
     */
    void removeProcess(String sandboxId, String processId);

    /**
     * Stops a sandbox and waits until it is stopped; see {@link SandboxClient#stopSandbox(String, Duration)}.
     *
     * @param sandboxId the sandbox id
     * @param timeout grace period before the process is killed, or {@code null} for the default
     * @return the stopped sandbox
     */
    SandboxInfo stopSandbox(String sandboxId, Duration timeout);

    /**
     * Starts a sandbox and waits until it is Running or Failed.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox
     */
    SandboxInfo startSandbox(String sandboxId);

    /**
     * Restarts a sandbox, keeping its workspace, and waits until it is Running or Failed.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox
     */
    SandboxInfo restartSandbox(String sandboxId);

    /**
     * Pauses a sandbox (processes frozen, memory kept, no CPU) and waits until it is paused; see
     * {@link SandboxClient#pauseSandbox(String)}.
     *
     * @param sandboxId the sandbox id
     * @return the paused sandbox
     */
    SandboxInfo pauseSandbox(String sandboxId);

    /**
     * Resumes a paused sandbox and waits until it is Running.
     *
     * @param sandboxId the sandbox id
     * @return the running sandbox
     */
    SandboxInfo resumeSandbox(String sandboxId);

    /**
     * Runs a command line, resuming the sandbox first when it is paused.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line, run by {@code /bin/sh -c}
     * @return exit code and output
     */
    ExecResult executeCommandResuming(String sandboxId, String commandLine);

    /**
     * Takes a snapshot of a sandbox's files and waits until it is ready; see {@link SandboxClient#createSnapshot}.
     *
     * @param sandboxId the sandbox id
     * @param name a name for the snapshot, or {@code null} for a generated one
     * @return the snapshot
     */
    SnapshotInfo createSnapshot(String sandboxId, String name);

    /**
     * Lists the caller's snapshots.
     *
     * @return the snapshots, oldest first
     */
    List<SnapshotInfo> listSnapshots();

    /**
     * Reads a snapshot.
     *
     * @param snapshotId the snapshot's id
     * @return the snapshot
     */
    SnapshotInfo getSnapshot(String snapshotId);

    /**
     * Deletes a snapshot; refused while sandboxes started from it exist.
     *
     * @param snapshotId the snapshot's id
     */
    void deleteSnapshot(String snapshotId);

    /**
     * Forks a sandbox and waits until the fork runs; see {@link SandboxClient#forkSandbox(String)}.
     *
     * @param sandboxId the sandbox to fork
     * @return the new sandbox
     */
    SandboxInfo forkSandbox(String sandboxId);

    /**
     * Reads the sandbox's environment variables.
     *
     * @param sandboxId the sandbox id
     * @return the variables by name
     */
    Map<String, String> getEnvironment(String sandboxId);

    /**
     * Changes the environment (recreating the container, keeping the workspace) and waits until it is live.
     *
     * @param sandboxId the sandbox id
     * @param environment variables to set
     * @param merge {@code true} to merge into the current variables, {@code false} to replace them
     * @return the environment now in force
     */
    Map<String, String> updateEnvironment(String sandboxId, Map<String, String> environment, boolean merge);

    /**
     * Reads the entrypoint and command.
     *
     * @param sandboxId the sandbox id
     * @return the entrypoint and command
     */
    Entrypoint getEntrypoint(String sandboxId);

    /**
     * Changes the entrypoint and/or command and waits until the change is live.
     *
     * @param sandboxId the sandbox id
     * @param entrypoint new entrypoint, or {@code null} to keep it
     * @param command new command, or {@code null} to keep it
     * @return the entrypoint and command now in force
     */
    Entrypoint updateEntrypoint(String sandboxId, List<String> entrypoint, List<String> command);

    /** Creates a tenant; see {@link SandboxClient#createTenant(String, TenantLimits)}. */
    TenantInfo createTenant(String name, TenantLimits limits);

    /** Lists the tenants; see {@link SandboxClient#listTenants()}. */
    List<TenantInfo> listTenants();

    /** Reads a tenant with its usage; see {@link SandboxClient#getTenant(String)}. */
    TenantInfo getTenant(String name);

    /** Sets all of a tenant's limits; see {@link SandboxClient#updateTenant(String, TenantLimits)}. */
    TenantInfo updateTenant(String name, TenantLimits limits);

    /** Deletes a tenant; see {@link SandboxClient#deleteTenant(String)}. */
    void deleteTenant(String name);

    /** Issues an API key, shown once; see {@link SandboxClient#createApiKey(String, String)}. */
    ApiKeyInfo createApiKey(String tenant, String keyName);

    /** Lists a tenant's keys; see {@link SandboxClient#listApiKeys(String)}. */
    List<ApiKeyInfo> listApiKeys(String tenant);

    /** Revokes an API key at once; see {@link SandboxClient#revokeApiKey(long)}. */
    void revokeApiKey(long keyId);

    /**
     * Creates a network volume; see {@link SandboxClient#createNetworkVolume(String, String, String, String)}.
     *
     * @param name the volume's name
     * @param className the volume class, or {@code null} for {@code local}
     * @param size a size such as {@code 1g}, or {@code null}
     * @param mountPath the default mount path, or {@code null}
     * @return the new volume
     */
    NetworkVolumeInfo createNetworkVolume(String name, String className, String size, String mountPath);

    /**
     * Creates a network volume as described by the request; see {@link SandboxClient#createNetworkVolume(CreateNetworkVolumeRequest)}.
     *
     * @param request the volume's name, class, size, default mount path and read-only default
     * @return the new volume
     */
    NetworkVolumeInfo createNetworkVolume(CreateNetworkVolumeRequest request);

    /**
     * Lists the volume classes; see {@link SandboxClient#listNetworkVolumeClasses()}.
     *
     * @return the classes, by name
     */
    List<NetworkVolumeClassInfo> listNetworkVolumeClasses();

    /**
     * Creates a template of the caller's own; see {@link SandboxClient#createTemplate}.
     *
     * @param request the template
     * @return the template as stored
     */
    TemplateInfo createTemplate(TemplateRequest request);

    /**
     * Replaces a template of the caller's own; see {@link SandboxClient#replaceTemplate}.
     *
     * @param request the template
     * @return the template as stored
     */
    TemplateInfo replaceTemplate(TemplateRequest request);

    /**
     * Lists the templates the caller can use.
     *
     * @return the templates
     */
    List<TemplateInfo> listTemplates();

    /**
     * Reads a template.
     *
     * @param name the template's name
     * @return the template
     */
    TemplateInfo getTemplate(String name);

    /**
     * Deletes a template of the caller's own; refused while in use.
     *
     * @param name the template's name
     */
    void deleteTemplate(String name);

    /**
     * Lists the caller's network volumes.
     *
     * @return the volumes
     */
    List<NetworkVolumeInfo> listNetworkVolumes();

    /**
     * Reads a network volume.
     *
     * @param name the volume's name
     * @return the volume
     */
    NetworkVolumeInfo getNetworkVolume(String name);

    /**
     * Deletes a network volume; refused while a sandbox mounts it.
     *
     * @param name the volume's name
     */
    void deleteNetworkVolume(String name);

    /**
     * Mounts a network volume into a sandbox and waits until the mount is live.
     *
     * @param sandboxId the sandbox id
     * @param volumeName the volume's name
     * @param mountPath where, or {@code null} for the volume's default
     * @param readOnly read-only, or {@code null} for the volume's default
     * @return the sandbox
     */
    SandboxInfo mountVolume(String sandboxId, String volumeName, String mountPath, Boolean readOnly);

    /**
     * Unmounts a network volume from a sandbox and waits until it is gone from the container.
     *
     * @param sandboxId the sandbox id
     * @param volumeName the volume's name
     * @return the sandbox
     */
    SandboxInfo unmountVolume(String sandboxId, String volumeName);
}
