package dev.sandbox.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

// Longer than 500 lines on purpose: this is the flat facade, one delegating line per call of the SDK with a line of
// documentation each. The work is done in the focused parts (Sandboxes, Commands, SandboxFiles, NetworkVolumes,
// Processes, Previews, Monitoring, Snapshots, Templates, Administration) over one Transport.

/**
 * Asynchronous Java client of the sandbox REST gateway ({@code /v1}). Every method returns a
 * {@link CompletableFuture} that completes with the result or exceptionally with a {@link SandboxException}
 * subtype; use {@link #blocking()} for the same calls as plain blocking methods.
 *
 * <pre>{@code
 * try (SandboxClient client = SandboxClient.builder()
 *     .baseUrl("http://localhost:8080")
 *     .apiKey(System.getenv("SANDBOX_API_KEY"))
 *     .build()) {
 *   SandboxInfo sandbox = client.createSandbox(CreateSandboxRequest.of("sandbox-busybox:local"), true).join();
 *   ExecResult result = client.executeCommand(sandbox.id(), "echo hi").join();
 *   client.deleteSandbox(sandbox.id()).join();
 * }
 * }</pre>
 *
 * <p>The calls are grouped by subject in focused parts that share this client's connection, JSON mapping and
 * checks: {@link #sandboxes()}, {@link #commands()}, {@link #files()}, {@link #volumes()}, {@link #processes()},
 * {@link #previews()}, {@link #monitoring()}, {@link #snapshots()}, {@link #templates()} and
 * {@link #administration()}. Every call of a part is also a method of this class under the same name, so
 * {@code client.files().readFile(...)} and {@code client.readFile(...)} are the same call.
 *
 * <p>A client is thread-safe; share one per gateway. Arguments that are obviously invalid (blank id, exec timeout
 * out of range) throw {@link SandboxValidationException} right away, before any HTTP call.
 */
public final class SandboxClient implements AutoCloseable {

    /** Environment variable read for the gateway URL when {@link Builder#baseUrl(String)} is not called. */
    public static final String URL_ENV = "SANDBOX_URL";

    /** Environment variable read for the API key when {@link Builder#apiKey(String)} is not called. */
    public static final String API_KEY_ENV = "SANDBOX_API_KEY";

    /** Gateway URL used when neither the builder nor {@value #URL_ENV} gives one: the local dev-mode gateway. */
    public static final String DEFAULT_BASE_URL = "http://localhost:8080";

    /** Connect and response timeout used when {@link Builder#timeout(Duration)} is not called. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The volume id of every sandbox's own workspace volume, mounted at {@code /workspace}. */
    public static final String WORKSPACE = "workspace";

    private final Transport transport;
    private final Sandboxes sandboxes;
    private final Commands commands;
    private final SandboxFiles files;
    private final NetworkVolumes volumes;
    private final Processes processes;
    private final Previews previews;
    private final Monitoring monitoring;
    private final Snapshots snapshots;
    private final Templates templates;
    private final Administration administration;
    private final BlockingSandboxClient blocking;

    private SandboxClient(String baseUrl, String apiKey, Duration timeout) {
        this.transport = new Transport(baseUrl, apiKey, timeout);
        this.sandboxes = new Sandboxes(transport);
        this.commands = new Commands(transport);
        this.files = new SandboxFiles(transport);
        this.volumes = new NetworkVolumes(transport);
        this.processes = new Processes(transport);
        this.previews = new Previews(transport);
        this.monitoring = new Monitoring(transport);
        this.snapshots = new Snapshots(transport);
        this.templates = new Templates(transport);
        this.administration = new Administration(transport);
        this.blocking = Blocking.view(BlockingSandboxClient.class, this);
    }

    /**
     * Starts a builder. Unset values come from the environment variables {@value #URL_ENV} and {@value #API_KEY_ENV},
     * then from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured only from the environment: {@value #URL_ENV} (default {@value #DEFAULT_BASE_URL}) and
     * {@value #API_KEY_ENV}.
     *
     * @return the client
     * @throws IllegalArgumentException when {@value #URL_ENV} is not an http or https URL
     */
    public static SandboxClient fromEnvironment() {
        return builder().build();
    }

    /**
     * The gateway this client talks to.
     *
     * @return the base URL without a trailing slash, such as {@code http://localhost:8080}
     */
    public String baseUrl() {
        return transport.baseUrl();
    }

    /**
     * The same operations as blocking calls that return plain values and throw the SDK exceptions.
     *
     * @return the blocking view of this client; closing this client closes it too
     */
    public BlockingSandboxClient blocking() {
        return blocking;
    }

    /**
     * Sandboxes themselves: create, read, list, delete, lifecycle, environment and entrypoint.
     *
     * @return the sandbox calls of this client
     */
    public Sandboxes sandboxes() {
        return sandboxes;
    }

    /**
     * Running commands: at once, streamed, or interactively.
     *
     * @return the command calls of this client
     */
    public Commands commands() {
        return commands;
    }

    /**
     * Files on sandbox volumes: list, read, write, upload, download, rename, delete, export.
     *
     * @return the file calls of this client
     */
    public SandboxFiles files() {
        return files;
    }

    /**
     * Network volumes, their classes, and mounting them into sandboxes.
     *
     * @return the network-volume calls of this client
     */
    public NetworkVolumes volumes() {
        return volumes;
    }

    /**
     * Background processes.
     *
     * @return the background-process calls of this client
     */
    public Processes processes() {
        return processes;
    }

    /**
     * Preview URLs and tokens for a sandbox's HTTP ports.
     *
     * @return the preview calls of this client
     */
    public Previews previews() {
        return previews;
    }

    /**
     * Logs, resource use and usage history.
     *
     * @return the monitoring calls of this client
     */
    public Monitoring monitoring() {
        return monitoring;
    }

    /**
     * Snapshots and forks.
     *
     * @return the snapshot calls of this client
     */
    public Snapshots snapshots() {
        return snapshots;
    }

    /**
     * Templates.
     *
     * @return the template calls of this client
     */
    public Templates templates() {
        return templates;
    }

    /**
     * Tenants and API keys (administrator keys only).
     *
     * @return the administration calls of this client
     */
    public Administration administration() {
        return administration;
    }

    // Sandboxes
    /**
     * Creates a sandbox and answers as soon as the gateway has accepted it (usually in phase {@code Pending}). See
     * {@link Sandboxes#createSandbox(CreateSandboxRequest)}.
     */
    public CompletableFuture<SandboxInfo> createSandbox(CreateSandboxRequest request) {
        return sandboxes.createSandbox(request);
    }

    /**
     * Creates a sandbox, optionally waiting until it is {@code Running} or {@code Failed} ({@code ?wait=true}). See
     * {@link Sandboxes#createSandbox(CreateSandboxRequest, boolean)}.
     */
    public CompletableFuture<SandboxInfo> createSandbox(CreateSandboxRequest request, boolean waitUntilReady) {
        return sandboxes.createSandbox(request, waitUntilReady);
    }

    /** Reads one sandbox. See {@link Sandboxes#getSandbox(String)}. */
    public CompletableFuture<SandboxInfo> getSandbox(String sandboxId) {
        return sandboxes.getSandbox(sandboxId);
    }

    /**
     * Reads one sandbox; the same as {@link #getSandbox(String)}, named as in the original Python SDK. See {@link
     * Sandboxes#getSandboxStatus(String)}.
     */
    public CompletableFuture<SandboxInfo> getSandboxStatus(String sandboxId) {
        return sandboxes.getSandboxStatus(sandboxId);
    }

    /** Lists the caller's sandboxes. See {@link Sandboxes#listSandboxes()}. */
    public CompletableFuture<List<SandboxInfo>> listSandboxes() {
        return sandboxes.listSandboxes();
    }

    /** Lists the caller's sandboxes in one phase. See {@link Sandboxes#listSandboxes(String)}. */
    public CompletableFuture<List<SandboxInfo>> listSandboxes(String status) {
        return sandboxes.listSandboxes(status);
    }

    /**
     * Lists the caller's sandboxes in a phase that carry every one of {@code labels}. See {@link
     * Sandboxes#listSandboxes(String, Map)}.
     */
    public CompletableFuture<List<SandboxInfo>> listSandboxes(String status, Map<String, String> labels) {
        return sandboxes.listSandboxes(status, labels);
    }

    /** Deletes a sandbox. See {@link Sandboxes#deleteSandbox(String)}. */
    public CompletableFuture<Void> deleteSandbox(String sandboxId) {
        return sandboxes.deleteSandbox(sandboxId);
    }

    /**
     * Stops a sandbox: SIGTERM, then SIGKILL after {@code timeout}. See {@link Sandboxes#stopSandbox(String,
     * Duration)}.
     */
    public CompletableFuture<SandboxInfo> stopSandbox(String sandboxId, Duration timeout) {
        return sandboxes.stopSandbox(sandboxId, timeout);
    }

    /**
     * Starts a stopped (or failed) sandbox again and waits until it is Running or Failed. See {@link
     * Sandboxes#startSandbox(String)}.
     */
    public CompletableFuture<SandboxInfo> startSandbox(String sandboxId) {
        return sandboxes.startSandbox(sandboxId);
    }

    /**
     * Restarts a sandbox (stop with the grace period, then start; the workspace is kept) and waits until it is Running
     * or Failed. See {@link Sandboxes#restartSandbox(String)}.
     */
    public CompletableFuture<SandboxInfo> restartSandbox(String sandboxId) {
        return sandboxes.restartSandbox(sandboxId);
    }

    /**
     * Pauses a sandbox: every process is frozen with its memory kept and uses no CPU until {@link #resumeSandbox}. See
     * {@link Sandboxes#pauseSandbox(String)}.
     */
    public CompletableFuture<SandboxInfo> pauseSandbox(String sandboxId) {
        return sandboxes.pauseSandbox(sandboxId);
    }

    /** Resumes a paused sandbox: every process goes on where it was. See {@link Sandboxes#resumeSandbox(String)}. */
    public CompletableFuture<SandboxInfo> resumeSandbox(String sandboxId) {
        return sandboxes.resumeSandbox(sandboxId);
    }

    /** Reads the sandbox's environment variables. See {@link Sandboxes#getEnvironment(String)}. */
    public CompletableFuture<Map<String, String>> getEnvironment(String sandboxId) {
        return sandboxes.getEnvironment(sandboxId);
    }

    /** Changes the sandbox's environment variables. See {@link Sandboxes#updateEnvironment(String, Map, boolean)}. */
    public CompletableFuture<Map<String, String>> updateEnvironment(
            String sandboxId, Map<String, String> environment, boolean merge) {
        return sandboxes.updateEnvironment(sandboxId, environment, merge);
    }

    /**
     * Reads the sandbox's entrypoint and command ({@code null} where the image's default is used). See {@link
     * Sandboxes#getEntrypoint(String)}.
     */
    public CompletableFuture<Entrypoint> getEntrypoint(String sandboxId) {
        return sandboxes.getEntrypoint(sandboxId);
    }

    /**
     * Changes the sandbox's entrypoint and/or command; the container is recreated with the same workspace and the call
     * returns once the change is live. See {@link Sandboxes#updateEntrypoint(String, List, List)}.
     */
    public CompletableFuture<Entrypoint> updateEntrypoint(
            String sandboxId, List<String> entrypoint, List<String> command) {
        return sandboxes.updateEntrypoint(sandboxId, entrypoint, command);
    }

    // Commands
    /**
     * Runs a command line in a running sandbox through {@code /bin/sh -c}, with the gateway's default timeout of 60
     * seconds. See {@link Commands#executeCommand(String, String)}.
     */
    public CompletableFuture<ExecResult> executeCommand(String sandboxId, String commandLine) {
        return commands.executeCommand(sandboxId, commandLine);
    }

    /**
     * Runs a command, given as separate arguments and without a shell, in a running sandbox. See {@link
     * Commands#executeCommand(String, List, Duration)}.
     */
    public CompletableFuture<ExecResult> executeCommand(String sandboxId, List<String> command, Duration timeout) {
        return commands.executeCommand(sandboxId, command, timeout);
    }

    /**
     * Runs a command, given as separate arguments and without a shell, with options such as a working directory, extra
     * environment or another user. See {@link Commands#executeCommand(String, List, ExecOptions)}.
     */
    public CompletableFuture<ExecResult> executeCommand(String sandboxId, List<String> command, ExecOptions options) {
        return commands.executeCommand(sandboxId, command, options);
    }

    /**
     * Runs a command line through {@code /bin/sh -c}, resuming the sandbox first when it is paused (and waiting until
     * it runs). See {@link Commands#executeCommandResuming(String, String)}.
     */
    public CompletableFuture<ExecResult> executeCommandResuming(String sandboxId, String commandLine) {
        return commands.executeCommandResuming(sandboxId, commandLine);
    }

    /**
     * Runs a command line through {@code /bin/sh -c} and streams its output line by line as it is produced. See {@link
     * Commands#streamCommand(String, String)}.
     */
    public CommandStream streamCommand(String sandboxId, String commandLine) {
        return commands.streamCommand(sandboxId, commandLine);
    }

    /**
     * Runs a command with options and streams its output line by line as it is produced. See {@link
     * Commands#streamCommand(String, List, ExecOptions)}.
     */
    public CommandStream streamCommand(String sandboxId, List<String> command, ExecOptions options) {
        return commands.streamCommand(sandboxId, command, options);
    }

    /**
     * Runs a command line through {@code /bin/sh -c}, calling {@code listener} for each line of output as it arrives.
     * See {@link Commands#streamCommand(String, String, CommandListener)}.
     */
    public CompletableFuture<ExecExit> streamCommand(String sandboxId, String commandLine, CommandListener listener) {
        return commands.streamCommand(sandboxId, commandLine, listener);
    }

    /**
     * Runs a command with options, calling {@code listener} for each line of output as it arrives. See {@link
     * Commands#streamCommand(String, List, ExecOptions, CommandListener)}.
     */
    public CompletableFuture<ExecExit> streamCommand(
            String sandboxId, List<String> command, ExecOptions options, CommandListener listener) {
        return commands.streamCommand(sandboxId, command, options, listener);
    }

    /**
     * Starts a command that takes input while it runs, over the gateway's WebSocket exec: in a pseudo-terminal when the
     * options give a {@link ExecOptions#withTerminal terminal}, else with standard input as a pipe. See {@link
     * Commands#openInteractive(String, List, ExecOptions, InteractiveListener)}.
     */
    public CompletableFuture<InteractiveCommand> openInteractive(
            String sandboxId, List<String> command, ExecOptions options, InteractiveListener listener) {
        return commands.openInteractive(sandboxId, command, options, listener);
    }

    // SandboxFiles
    /** Lists a directory on a sandbox volume. See {@link SandboxFiles#listDirectory(String, String, String)}. */
    public CompletableFuture<DirectoryListing> listDirectory(String sandboxId, String volumeId, String path) {
        return files.listDirectory(sandboxId, volumeId, path);
    }

    /**
     * Creates a directory on a sandbox volume, with any missing parents ({@code mkdir -p}). See {@link
     * SandboxFiles#makeDirectory(String, String, String)}.
     */
    public CompletableFuture<Void> makeDirectory(String sandboxId, String volumeId, String path) {
        return files.makeDirectory(sandboxId, volumeId, path);
    }

    /**
     * Reads a whole file from a sandbox volume into memory; use {@link #downloadFile} for large files. See {@link
     * SandboxFiles#readFile(String, String, String)}.
     */
    public CompletableFuture<byte[]> readFile(String sandboxId, String volumeId, String path) {
        return files.readFile(sandboxId, volumeId, path);
    }

    /**
     * Writes a text file (UTF-8) to a sandbox volume, creating or replacing it atomically; missing parent directories
     * are created. See {@link SandboxFiles#writeFile(String, String, String, String)}.
     */
    public CompletableFuture<FileWriteResult> writeFile(
            String sandboxId, String volumeId, String path, String content) {
        return files.writeFile(sandboxId, volumeId, path, content);
    }

    /**
     * Writes a file to a sandbox volume, creating or replacing it atomically; missing parent directories are created.
     * See {@link SandboxFiles#writeFile(String, String, String, byte[])}.
     */
    public CompletableFuture<FileWriteResult> writeFile(
            String sandboxId, String volumeId, String path, byte[] content) {
        return files.writeFile(sandboxId, volumeId, path, content);
    }

    /**
     * Uploads a local file to a sandbox volume, streaming it from disk (any size up to the node's limit, 1 GiB by
     * default). See {@link SandboxFiles#uploadFile(String, String, String, Path)}.
     */
    public CompletableFuture<FileWriteResult> uploadFile(
            String sandboxId, String volumeId, String path, Path localFile) {
        return files.uploadFile(sandboxId, volumeId, path, localFile);
    }

    /**
     * Uploads a zip, tar or tar.gz archive and unpacks it into a directory of a sandbox volume. See {@link
     * SandboxFiles#uploadArchive(String, String, String, Path)}.
     */
    public CompletableFuture<ArchiveUploadResult> uploadArchive(
            String sandboxId, String volumeId, String directory, Path archive) {
        return files.uploadArchive(sandboxId, volumeId, directory, archive);
    }

    /**
     * Downloads a file from a sandbox volume to the local disk, streaming it (any size). See {@link
     * SandboxFiles#downloadFile(String, String, String, Path)}.
     */
    public CompletableFuture<DownloadedFile> downloadFile(String sandboxId, String volumeId, String path, Path target) {
        return files.downloadFile(sandboxId, volumeId, path, target);
    }

    /**
     * Deletes a file, a link or a directory on a sandbox volume. See {@link SandboxFiles#deleteFile(String, String,
     * String, boolean)}.
     */
    public CompletableFuture<Void> deleteFile(String sandboxId, String volumeId, String path, boolean recursive) {
        return files.deleteFile(sandboxId, volumeId, path, recursive);
    }

    /**
     * Renames or moves a file or directory within a sandbox volume. See {@link SandboxFiles#renameFile(String, String,
     * String, String, boolean)}.
     */
    public CompletableFuture<Void> renameFile(
            String sandboxId, String volumeId, String from, String to, boolean overwrite) {
        return files.renameFile(sandboxId, volumeId, from, to, overwrite);
    }

    /**
     * Exports a folder of a sandbox (running or stopped) as a zip file on the local disk. See {@link
     * SandboxFiles#exportContainer(String, String, Path)}.
     */
    public CompletableFuture<Path> exportContainer(String sandboxId, String folderPath, Path outputZip) {
        return files.exportContainer(sandboxId, folderPath, outputZip);
    }

    /**
     * Exports a folder of a sandbox (running or stopped) as a zip, in memory. See {@link
     * SandboxFiles#exportContainer(String, String)}.
     */
    public CompletableFuture<byte[]> exportContainer(String sandboxId, String folderPath) {
        return files.exportContainer(sandboxId, folderPath);
    }

    // NetworkVolumes
    /**
     * Creates a network volume: storage that several sandboxes can mount and that outlives them. See {@link
     * NetworkVolumes#createNetworkVolume(String, String, String, String)}.
     */
    public CompletableFuture<NetworkVolumeInfo> createNetworkVolume(
            String name, String className, String size, String mountPath) {
        return volumes.createNetworkVolume(name, className, size, mountPath);
    }

    /**
     * Creates a network volume as described by the request. See {@link
     * NetworkVolumes#createNetworkVolume(CreateNetworkVolumeRequest)}.
     */
    public CompletableFuture<NetworkVolumeInfo> createNetworkVolume(CreateNetworkVolumeRequest request) {
        return volumes.createNetworkVolume(request);
    }

    /**
     * Lists the volume classes a network volume may name, with their size bounds. See {@link
     * NetworkVolumes#listNetworkVolumeClasses()}.
     */
    public CompletableFuture<List<NetworkVolumeClassInfo>> listNetworkVolumeClasses() {
        return volumes.listNetworkVolumeClasses();
    }

    /** Lists the caller's network volumes. See {@link NetworkVolumes#listNetworkVolumes()}. */
    public CompletableFuture<List<NetworkVolumeInfo>> listNetworkVolumes() {
        return volumes.listNetworkVolumes();
    }

    /** Reads a network volume. See {@link NetworkVolumes#getNetworkVolume(String)}. */
    public CompletableFuture<NetworkVolumeInfo> getNetworkVolume(String name) {
        return volumes.getNetworkVolume(name);
    }

    /** Deletes a network volume and its data. See {@link NetworkVolumes#deleteNetworkVolume(String)}. */
    public CompletableFuture<Void> deleteNetworkVolume(String name) {
        return volumes.deleteNetworkVolume(name);
    }

    /**
     * Mounts a network volume into a sandbox, running or stopped, and waits until the mount is live. See {@link
     * NetworkVolumes#mountVolume(String, String, String, Boolean)}.
     */
    public CompletableFuture<SandboxInfo> mountVolume(
            String sandboxId, String volumeName, String mountPath, Boolean readOnly) {
        return volumes.mountVolume(sandboxId, volumeName, mountPath, readOnly);
    }

    /**
     * Unmounts a network volume from a sandbox and waits until it is gone from the container. See {@link
     * NetworkVolumes#unmountVolume(String, String)}.
     */
    public CompletableFuture<SandboxInfo> unmountVolume(String sandboxId, String volumeName) {
        return volumes.unmountVolume(sandboxId, volumeName);
    }

    // Processes
    /**
     * Starts a command in the background: the call returns at once and the command runs on, with its recent output kept
     * on the node. See {@link Processes#startProcess(String, List, ExecOptions)}.
     */
    public CompletableFuture<BackgroundProcess> startProcess(
            String sandboxId, List<String> command, ExecOptions options) {
        return processes.startProcess(sandboxId, command, options);
    }

    /**
     * Starts a command line in the background through {@code /bin/sh -c}. See {@link Processes#startProcess(String,
     * String)}.
     */
    public CompletableFuture<BackgroundProcess> startProcess(String sandboxId, String commandLine) {
        return processes.startProcess(sandboxId, commandLine);
    }

    /**
     * Lists the background processes started in a sandbox (running and recently ended). See {@link
     * Processes#listProcesses(String)}.
     */
    public CompletableFuture<List<BackgroundProcess>> listProcesses(String sandboxId) {
        return processes.listProcesses(sandboxId);
    }

    /** Reads one background process. See {@link Processes#getProcess(String, String)}. */
    public CompletableFuture<BackgroundProcess> getProcess(String sandboxId, String processId) {
        return processes.getProcess(sandboxId, processId);
    }

    /**
     * Reads a background process's output from byte offsets on ({@code 0, 0} for everything still kept). See {@link
     * Processes#getProcessOutput(String, String, long, long)}.
     */
    public CompletableFuture<ProcessOutput> getProcessOutput(
            String sandboxId, String processId, long stdoutFrom, long stderrFrom) {
        return processes.getProcessOutput(sandboxId, processId, stdoutFrom, stderrFrom);
    }

    /** Sends a signal to a running background process. See {@link Processes#signalProcess(String, String, String)}. */
    public CompletableFuture<Boolean> signalProcess(String sandboxId, String processId, String signal) {
        return processes.signalProcess(sandboxId, processId, signal);
    }

    /**
     * Waits up to {@code wait} (at most 5 minutes) for a background process to end. See {@link
     * Processes#waitForProcess(String, String, Duration)}.
     */
    public CompletableFuture<BackgroundProcess> waitForProcess(String sandboxId, String processId, Duration wait) {
        return processes.waitForProcess(sandboxId, processId, wait);
    }

    /**
     * Kills a background process (when it still runs) and forgets it. See {@link Processes#removeProcess(String,
     * String)}.
     */
    public CompletableFuture<Void> removeProcess(String sandboxId, String processId) {
        return processes.removeProcess(sandboxId, processId);
    }

    // Previews
    /**
     * Issues a preview token for a sandbox: it opens the sandbox's HTTP ports to whoever holds it, until it expires.
     * See {@link Previews#createPreviewToken(String, Duration)}.
     */
    public CompletableFuture<PreviewAccess> createPreviewToken(String sandboxId, Duration expiresIn) {
        return previews.createPreviewToken(sandboxId, expiresIn);
    }

    /**
     * The path-form preview URL of a sandbox port on this gateway, such as {@code
     * http://localhost:8080/v1/sandboxes/sbx-1/ports/8080/}. See {@link Previews#previewUrl(String, int)}.
     */
    public String previewUrl(String sandboxId, int port) {
        return previews.previewUrl(sandboxId, port);
    }

    // Monitoring
    /**
     * Reads the resource-usage history of a sandbox: samples taken after {@code since}, oldest first, at most 1000 per
     * call ({@link UsageHistory#truncated()} then says more follow). See {@link Monitoring#getUsage(String, Instant)}.
     */
    public CompletableFuture<UsageHistory> getUsage(String sandboxId, Instant since) {
        return monitoring.getUsage(sandboxId, since);
    }

    /**
     * Reads the last lines of a sandbox's log (what its main process wrote), also when it is stopped. See {@link
     * Monitoring#getLogs(String, int)}.
     */
    public CompletableFuture<List<LogLine>> getLogs(String sandboxId, int tail) {
        return monitoring.getLogs(sandboxId, tail);
    }

    /**
     * Follows a sandbox's log: the last {@code tail} lines, then new ones as they are written, until the sandbox stops
     * or the stream is closed. See {@link Monitoring#followLogs(String, int)}.
     */
    public SandboxStream<LogLine> followLogs(String sandboxId, int tail) {
        return monitoring.followLogs(sandboxId, tail);
    }

    /** Reads the resource use of a running sandbox (takes about a second). See {@link Monitoring#getStats(String)}. */
    public CompletableFuture<SandboxStats> getStats(String sandboxId) {
        return monitoring.getStats(sandboxId);
    }

    /**
     * Streams the resource use of a running sandbox, about one sample a second, until it stops or the stream is closed.
     * See {@link Monitoring#streamStats(String)}.
     */
    public SandboxStream<SandboxStats> streamStats(String sandboxId) {
        return monitoring.streamStats(sandboxId);
    }

    // Snapshots
    /**
     * Takes a snapshot of a sandbox's files (its container's file system and its workspace) and waits until it is
     * ready. See {@link Snapshots#createSnapshot(String, String)}.
     */
    public CompletableFuture<SnapshotInfo> createSnapshot(String sandboxId, String name) {
        return snapshots.createSnapshot(sandboxId, name);
    }

    /** Lists the caller's snapshots, oldest first. See {@link Snapshots#listSnapshots()}. */
    public CompletableFuture<List<SnapshotInfo>> listSnapshots() {
        return snapshots.listSnapshots();
    }

    /** Reads a snapshot. See {@link Snapshots#getSnapshot(String)}. */
    public CompletableFuture<SnapshotInfo> getSnapshot(String snapshotId) {
        return snapshots.getSnapshot(snapshotId);
    }

    /** Deletes a snapshot with its image and workspace copy. See {@link Snapshots#deleteSnapshot(String)}. */
    public CompletableFuture<Void> deleteSnapshot(String snapshotId) {
        return snapshots.deleteSnapshot(snapshotId);
    }

    /**
     * Forks a sandbox: a snapshot of its files and a new sandbox started from it with the same command, environment,
     * limits, ports and mounts, on the same node. See {@link Snapshots#forkSandbox(String)}.
     */
    public CompletableFuture<SandboxInfo> forkSandbox(String sandboxId) {
        return snapshots.forkSandbox(sandboxId);
    }

    // Templates
    /**
     * Creates a template of the caller's own: a named blueprint that {@link CreateSandboxRequest#fromTemplate} starts
     * sandboxes from. See {@link Templates#createTemplate(TemplateRequest)}.
     */
    public CompletableFuture<TemplateInfo> createTemplate(TemplateRequest request) {
        return templates.createTemplate(request);
    }

    /** Replaces a template of the caller's own. See {@link Templates#replaceTemplate(TemplateRequest)}. */
    public CompletableFuture<TemplateInfo> replaceTemplate(TemplateRequest request) {
        return templates.replaceTemplate(request);
    }

    /**
     * Lists the templates the caller can use: its own and the installation's shared ones. See {@link
     * Templates#listTemplates()}.
     */
    public CompletableFuture<List<TemplateInfo>> listTemplates() {
        return templates.listTemplates();
    }

    /** Reads a template. See {@link Templates#getTemplate(String)}. */
    public CompletableFuture<TemplateInfo> getTemplate(String name) {
        return templates.getTemplate(name);
    }

    /** Deletes a template of the caller's own. See {@link Templates#deleteTemplate(String)}. */
    public CompletableFuture<Void> deleteTemplate(String name) {
        return templates.deleteTemplate(name);
    }

    // Administration
    /** Creates a tenant (administrator keys only). See {@link Administration#createTenant(String, TenantLimits)}. */
    public CompletableFuture<TenantInfo> createTenant(String name, TenantLimits limits) {
        return administration.createTenant(name, limits);
    }

    /** Lists the tenants (administrator keys only). See {@link Administration#listTenants()}. */
    public CompletableFuture<List<TenantInfo>> listTenants() {
        return administration.listTenants();
    }

    /**
     * Reads a tenant with what its sandboxes hold now (administrator keys only). See {@link
     * Administration#getTenant(String)}.
     */
    public CompletableFuture<TenantInfo> getTenant(String name) {
        return administration.getTenant(name);
    }

    /**
     * Sets a tenant's limits (administrator keys only). See {@link Administration#updateTenant(String, TenantLimits)}.
     */
    public CompletableFuture<TenantInfo> updateTenant(String name, TenantLimits limits) {
        return administration.updateTenant(name, limits);
    }

    /**
     * Deletes a tenant (administrator keys only): its keys stop working at once, its sandboxes and network volumes are
     * deleted. See {@link Administration#deleteTenant(String)}.
     */
    public CompletableFuture<Void> deleteTenant(String name) {
        return administration.deleteTenant(name);
    }

    /**
     * Issues an API key of a tenant (administrator keys only). See {@link Administration#createApiKey(String, String)}.
     */
    public CompletableFuture<ApiKeyInfo> createApiKey(String tenant, String keyName) {
        return administration.createApiKey(tenant, keyName);
    }

    /**
     * Lists a tenant's API keys, revoked ones included, without their plain text (administrator keys only). See {@link
     * Administration#listApiKeys(String)}.
     */
    public CompletableFuture<List<ApiKeyInfo>> listApiKeys(String tenant) {
        return administration.listApiKeys(tenant);
    }

    /**
     * Revokes an API key (administrator keys only); it stops working at once. See {@link
     * Administration#revokeApiKey(long)}.
     */
    public CompletableFuture<Void> revokeApiKey(long keyId) {
        return administration.revokeApiKey(keyId);
    }

    /**
     * Closes the client: later calls throw {@link IllegalStateException}. Requests already sent still complete.
     */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Configures a {@link SandboxClient}. Every setting is optional: the URL and API key fall back to the environment
     * variables {@value SandboxClient#URL_ENV} and {@value SandboxClient#API_KEY_ENV}, then to
     * {@value SandboxClient#DEFAULT_BASE_URL} and no key.
     */
    public static final class Builder {
        private String baseUrl;
        private String apiKey;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Function<String, String> environment = System::getenv;

        private Builder() {}

        /**
         * Sets the gateway URL.
         *
         * @param baseUrl http or https URL such as {@code http://localhost:8080}; a path prefix is kept
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Sets the API key sent as {@code Authorization: Bearer <key>}.
         *
         * @param apiKey the key
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sets how long to wait for a connection and for each answer. Requests the gateway holds open on purpose
         * ({@code wait=true}, exec) get their own wait added on top.
         *
         * @param timeout a positive duration; default 30 seconds
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Replaces where unset values are looked up; tests use it instead of the process environment. */
        Builder environment(Function<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException when the URL is not an http or https URL or the timeout is not positive
         */
        public SandboxClient build() {
            String url = firstNonBlank(baseUrl, environment.apply(URL_ENV), DEFAULT_BASE_URL)
                    .strip();
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid gateway URL: " + url, e);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw new IllegalArgumentException("the gateway URL must be http(s)://host[:port][/path], was " + url);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            String key = firstNonBlank(apiKey, environment.apply(API_KEY_ENV), null);
            return new SandboxClient(url, key == null ? null : key.strip(), timeout);
        }

        private static String firstNonBlank(String first, String second, String fallback) {
            if (first != null && !first.isBlank()) {
                return first;
            }
            if (second != null && !second.isBlank()) {
                return second;
            }
            return fallback;
        }
    }
}
