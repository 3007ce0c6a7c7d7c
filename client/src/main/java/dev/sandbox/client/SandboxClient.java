package dev.sandbox.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

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

  /** Longest timeout a background process may be given. */
  private static final Duration MAX_BACKGROUND_TIMEOUT = Duration.ofDays(30);

  /** Longest exec timeout the gateway accepts. */
  private static final Duration MAX_EXEC_TIMEOUT = Duration.ofHours(1);

  /**
   * How long the gateway itself may hold a request open when no limit is sent: its default for
   * {@code waitTimeoutSeconds} and for exec {@code timeoutSeconds}. Added to the client timeout for such requests so
   * the client does not give up before the gateway answers.
   */
  private static final Duration GATEWAY_DEFAULT_WAIT = Duration.ofSeconds(60);

  /** The volume id of every sandbox's own workspace volume, mounted at {@code /workspace}. */
  public static final String WORKSPACE = "workspace";

  /** Uploads and whole-file reads may take a while: the answer comes only after the whole body went through. */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);

  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";
  private static final String USER_AGENT = "sandbox-java-client";

  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;
  private final BlockingExchange exchange;
  private final ObjectMapper json = SandboxJson.newMapper();
  private final Clock clock = Clock.systemUTC();
  private final BlockingSandboxClient blocking = new BlockingSandboxClient(this);
  private final AtomicBoolean closed = new AtomicBoolean();

  private SandboxClient(String baseUrl, String apiKey, Duration timeout) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
    // HTTP/1.1: the gateway speaks it, and it avoids the h2c upgrade dance on plain http.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.exchange = new BlockingExchange(timeout);
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
    return baseUrl;
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
   * Creates a sandbox and answers as soon as the gateway has accepted it (usually in phase {@code Pending}).
   *
   * @param request what to run
   * @return the new sandbox
   */
  public CompletableFuture<SandboxInfo> createSandbox(CreateSandboxRequest request) {
    return createSandbox(request, false);
  }

  /**
   * Creates a sandbox, optionally waiting until it is {@code Running} or {@code Failed} ({@code ?wait=true}). While
   * waiting the gateway holds the request open for up to 60 seconds; the client's timeout is extended by that long.
   *
   * @param request what to run
   * @param waitUntilReady {@code true} to answer only once the sandbox is Running or Failed
   * @return the new sandbox; fails with {@link SandboxTimeoutException} when the gateway gave up waiting
   * @throws SandboxValidationException when {@code request} is {@code null}
   */
  public CompletableFuture<SandboxInfo> createSandbox(CreateSandboxRequest request, boolean waitUntilReady) {
    if (request == null) {
      throw new SandboxValidationException("request is required", null);
    }
    String path = "/v1/sandboxes" + (waitUntilReady ? "?wait=true" : "");
    Duration requestTimeout = waitUntilReady ? timeout.plus(GATEWAY_DEFAULT_WAIT) : timeout;
    HttpRequest httpRequest = jsonRequest(path, requestTimeout).POST(body(request)).build();
    return send(httpRequest, response -> read(response, SandboxInfo.class));
  }

  /**
   * Reads one sandbox.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox; fails with {@link SandboxNotFoundException} when it does not exist
   * @throws SandboxValidationException when {@code sandboxId} is blank
   */
  public CompletableFuture<SandboxInfo> getSandbox(String sandboxId) {
    HttpRequest httpRequest = request(sandboxPath(sandboxId), timeout).GET().build();
    return send(httpRequest, response -> read(response, SandboxInfo.class));
  }

  /**
   * Reads one sandbox; the same as {@link #getSandbox(String)}, named as in the original Python SDK.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox, whose {@link SandboxInfo#phase()} is its status
   * @throws SandboxValidationException when {@code sandboxId} is blank
   */
  public CompletableFuture<SandboxInfo> getSandboxStatus(String sandboxId) {
    return getSandbox(sandboxId);
  }

  /**
   * Lists the caller's sandboxes.
   *
   * @return every sandbox of the caller's tenant
   */
  public CompletableFuture<List<SandboxInfo>> listSandboxes() {
    return listSandboxes(null);
  }

  /**
   * Lists the caller's sandboxes in one phase.
   *
   * @param status a phase such as {@code running} (case-insensitive), or {@code null} for all sandboxes
   * @return the matching sandboxes
   */
  public CompletableFuture<List<SandboxInfo>> listSandboxes(String status) {
    return listSandboxes(status, Map.of());
  }

  /**
   * Lists the caller's sandboxes in a phase that carry every one of {@code labels}.
   *
   * @param status a phase such as {@code running} (case-insensitive), or {@code null} for all
   * @param labels labels every listed sandbox carries, or an empty map
   * @return the sandboxes, oldest first
   */
  public CompletableFuture<List<SandboxInfo>> listSandboxes(String status, Map<String, String> labels) {
    List<String> query = new ArrayList<>();
    if (status != null && !status.isBlank()) {
      query.add("status=" + encode(status));
    }
    if (labels != null) {
      labels.forEach((k, v) -> query.add("label=" + encode(k + "=" + (v == null ? "" : v))));
    }
    String path = "/v1/sandboxes" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    HttpRequest httpRequest = request(path, timeout).GET().build();
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, SandboxInfo.class);
    return send(httpRequest, response -> {
      JsonNode items = readTree(response).path("items");
      return items.isMissingNode() || items.isNull() ? List.of() : convert(items, listType, response);
    });
  }

  /**
   * Deletes a sandbox. Its container and workspace are removed shortly after the call returns.
   *
   * @param sandboxId the sandbox id
   * @return completes when the gateway has accepted the deletion; fails with {@link SandboxNotFoundException} when
   *     the sandbox does not exist
   * @throws SandboxValidationException when {@code sandboxId} is blank
   */
  public CompletableFuture<Void> deleteSandbox(String sandboxId) {
    HttpRequest httpRequest = request(sandboxPath(sandboxId), timeout).DELETE().build();
    return send(httpRequest, response -> null);
  }

  /**
   * Runs a command line in a running sandbox through {@code /bin/sh -c}, with the gateway's default timeout of 60
   * seconds.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line such as {@code "echo hi"}, sent as a JSON string
   * @return exit code and output; fails with {@link SandboxOperationException} when the sandbox is not Running
   * @throws SandboxValidationException when an argument is blank
   */
  public CompletableFuture<ExecResult> executeCommand(String sandboxId, String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      throw new SandboxValidationException("command is required", "command");
    }
    ObjectNode body = json.createObjectNode().put("command", commandLine);
    return exec(sandboxId, body, GATEWAY_DEFAULT_WAIT);
  }

  /**
   * Runs a command, given as separate arguments and without a shell, in a running sandbox. A command that outlives
   * {@code timeout} is killed: the result then has {@code timedOut} true and exit code 137.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments, sent as a JSON list
   * @param timeout how long the command may run, up to one hour (rounded up to whole seconds); {@code null} for the
   *     gateway's default of 60 seconds
   * @return exit code and output; fails with {@link SandboxOperationException} when the sandbox is not Running
   * @throws SandboxValidationException when an argument is empty or the timeout is out of range
   */
  public CompletableFuture<ExecResult> executeCommand(String sandboxId, List<String> command, Duration timeout) {
    if (command == null || command.isEmpty() || command.stream().anyMatch(Objects::isNull)) {
      throw new SandboxValidationException("command must be a non-empty list without nulls", "command");
    }
    ObjectNode body = json.createObjectNode();
    ArrayNode args = body.putArray("command");
    command.forEach(args::add);
    Duration commandTimeout = GATEWAY_DEFAULT_WAIT;
    if (timeout != null) {
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_EXEC_TIMEOUT) > 0) {
        throw new SandboxValidationException(
            "timeout must be more than 0 and at most " + MAX_EXEC_TIMEOUT.toSeconds() + " seconds, was " + timeout,
            "timeoutSeconds");
      }
      long seconds = (timeout.toMillis() + 999) / 1000;
      body.put("timeoutSeconds", seconds);
      commandTimeout = Duration.ofSeconds(seconds);
    }
    return exec(sandboxId, body, commandTimeout);
  }

  /**
   * Stops a sandbox: SIGTERM, then SIGKILL after {@code timeout}. Its workspace and record are kept; {@link
   * #startSandbox(String)} brings it back with the same files. Waits until it is stopped.
   *
   * @param sandboxId the sandbox id
   * @param timeout grace period before the process is killed, up to one hour; {@code null} for the default (10 s)
   * @return the sandbox once stopped
   */
  public CompletableFuture<SandboxInfo> stopSandbox(String sandboxId, Duration timeout) {
    String query = "?wait=true";
    if (timeout != null) {
      if (timeout.isNegative() || timeout.compareTo(MAX_EXEC_TIMEOUT) > 0) {
        throw new SandboxValidationException("timeout must be between 0 and " + MAX_EXEC_TIMEOUT.toSeconds() + " seconds", "timeout");
      }
      query += "&timeout=" + timeout.toSeconds();
    }
    return lifecycle(sandboxId, "/stop" + query, timeout == null ? Duration.ZERO : timeout);
  }

  /**
   * Starts a stopped (or failed) sandbox again and waits until it is Running or Failed.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox once settled
   */
  public CompletableFuture<SandboxInfo> startSandbox(String sandboxId) {
    return lifecycle(sandboxId, "/start?wait=true", Duration.ZERO);
  }

  /**
   * Restarts a sandbox (stop with the grace period, then start; the workspace is kept) and waits until it is Running
   * or Failed. The request is recorded in the sandbox, so it is carried out even if the operator restarts meanwhile.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox once restarted
   */
  public CompletableFuture<SandboxInfo> restartSandbox(String sandboxId) {
    return lifecycle(sandboxId, "/restart?wait=true", Duration.ZERO);
  }

  /**
   * Pauses a sandbox: every process is frozen with its memory kept and uses no CPU until {@link #resumeSandbox}.
   * Files can still be read and written meanwhile; commands are refused unless they ask to resume it. Waits until it
   * is paused.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox once paused; fails with {@link SandboxOperationException} when it is not running
   */
  public CompletableFuture<SandboxInfo> pauseSandbox(String sandboxId) {
    return lifecycle(sandboxId, "/pause?wait=true", Duration.ZERO);
  }

  /**
   * Resumes a paused sandbox: every process goes on where it was. Waits until it is Running.
   *
   * @param sandboxId the sandbox id
   * @return the sandbox once running; resuming a running sandbox changes nothing
   */
  public CompletableFuture<SandboxInfo> resumeSandbox(String sandboxId) {
    return lifecycle(sandboxId, "/resume?wait=true", Duration.ZERO);
  }

  /**
   * Runs a command line through {@code /bin/sh -c}, resuming the sandbox first when it is paused (and waiting until it
   * runs).
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line
   * @return exit code and output
   */
  public CompletableFuture<ExecResult> executeCommandResuming(String sandboxId, String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      throw new SandboxValidationException("command is required", "command");
    }
    ObjectNode body = json.createObjectNode();
    body.put("command", commandLine);
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/exec?resume=true", timeout.plus(GATEWAY_DEFAULT_WAIT).plus(GATEWAY_DEFAULT_WAIT))
        .POST(body(body))
        .build();
    return send(httpRequest, response -> read(response, ExecResult.class));
  }

  /**
   * Takes a snapshot of a sandbox's files (its container's file system and its workspace) and waits until it is
   * ready. The sandbox is frozen for the moment of the copy and runs on afterwards. Memory is not captured.
   *
   * @param sandboxId the sandbox id
   * @param name a name for the snapshot (lowercase letters, digits and '-'), or {@code null} for a generated one
   * @return the snapshot once taken (or failed: see {@link SnapshotInfo#phase()})
   */
  public CompletableFuture<SnapshotInfo> createSnapshot(String sandboxId, String name) {
    ObjectNode body = json.createObjectNode();
    if (name != null) {
      body.put("name", name);
    }
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/snapshots?wait=true", timeout.plus(GATEWAY_DEFAULT_WAIT))
        .POST(body(body))
        .build();
    return send(httpRequest, response -> read(response, SnapshotInfo.class));
  }

  /**
   * Lists the caller's snapshots, oldest first.
   *
   * @return the snapshots
   */
  public CompletableFuture<List<SnapshotInfo>> listSnapshots() {
    HttpRequest httpRequest = request("/v1/snapshots", timeout).GET().build();
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, SnapshotInfo.class);
    return send(httpRequest, response -> convert(readTree(response).path("items"), listType, response));
  }

  /**
   * Reads a snapshot.
   *
   * @param snapshotId the snapshot's id
   * @return the snapshot; fails with {@link SandboxNotFoundException} when it does not exist
   */
  public CompletableFuture<SnapshotInfo> getSnapshot(String snapshotId) {
    HttpRequest httpRequest = request("/v1/snapshots/" + snapshotName(snapshotId), timeout).GET().build();
    return send(httpRequest, response -> read(response, SnapshotInfo.class));
  }

  /**
   * Deletes a snapshot with its image and workspace copy. Refused ({@link SandboxOperationException}) while sandboxes
   * started from it exist.
   *
   * @param snapshotId the snapshot's id
   * @return completes when deleted
   */
  public CompletableFuture<Void> deleteSnapshot(String snapshotId) {
    HttpRequest httpRequest = request("/v1/snapshots/" + snapshotName(snapshotId), timeout).DELETE().build();
    return send(httpRequest, response -> null);
  }

  /**
   * Forks a sandbox: a snapshot of its files and a new sandbox started from it with the same command, environment,
   * limits, ports and mounts, on the same node. The two diverge from that moment on. Waits until the fork runs.
   *
   * @param sandboxId the sandbox to fork
   * @return the new sandbox once Running (or Failed)
   */
  public CompletableFuture<SandboxInfo> forkSandbox(String sandboxId) {
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/fork?wait=true", timeout.plus(GATEWAY_DEFAULT_WAIT))
        .POST(body(json.createObjectNode()))
        .build();
    return send(httpRequest, response -> read(response, SandboxInfo.class));
  }

  /**
   * Reads the sandbox's environment variables.
   *
   * @param sandboxId the sandbox id
   * @return the variables by name
   */
  public CompletableFuture<Map<String, String>> getEnvironment(String sandboxId) {
    HttpRequest httpRequest = request(sandboxPath(sandboxId) + "/environment", timeout).GET().build();
    return send(httpRequest, response -> stringMap(readTree(response).path("environment")));
  }

  /**
   * Changes the sandbox's environment variables. Docker cannot change them in a running container, so the container
   * is recreated (the workspace is kept); the call returns once the change is live.
   *
   * @param sandboxId the sandbox id
   * @param environment variables to set
   * @param merge {@code true} to add to and override the current variables, {@code false} to replace them all
   * @return the environment now in force
   */
  public CompletableFuture<Map<String, String>> updateEnvironment(String sandboxId, Map<String, String> environment, boolean merge) {
    if (environment == null) {
      throw new SandboxValidationException("environment is required", "environment");
    }
    ObjectNode body = json.createObjectNode();
    ObjectNode env = body.putObject("environment");
    environment.forEach(env::put);
    body.put("merge", merge);
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/environment?wait=true", timeout.plus(GATEWAY_DEFAULT_WAIT))
        .PUT(body(body)).build();
    return send(httpRequest, response -> stringMap(readTree(response).path("environment")));
  }

  /**
   * Reads the sandbox's entrypoint and command ({@code null} where the image's default is used).
   *
   * @param sandboxId the sandbox id
   * @return the entrypoint and command
   */
  public CompletableFuture<Entrypoint> getEntrypoint(String sandboxId) {
    HttpRequest httpRequest = request(sandboxPath(sandboxId) + "/entrypoint", timeout).GET().build();
    return send(httpRequest, response -> read(response, Entrypoint.class));
  }

  /**
   * Changes the sandbox's entrypoint and/or command; the container is recreated with the same workspace and the call
   * returns once the change is live. An argument left {@code null} keeps its current value.
   *
   * @param sandboxId the sandbox id
   * @param entrypoint new entrypoint arguments, or {@code null} to keep it
   * @param command new command arguments, or {@code null} to keep it
   * @return the entrypoint and command now in force
   */
  public CompletableFuture<Entrypoint> updateEntrypoint(String sandboxId, List<String> entrypoint, List<String> command) {
    if (entrypoint == null && command == null) {
      throw new SandboxValidationException("give an entrypoint, a command or both", "entrypoint");
    }
    ObjectNode body = json.createObjectNode();
    if (entrypoint != null) {
      entrypoint.forEach(body.putArray("entrypoint")::add);
    }
    if (command != null) {
      command.forEach(body.putArray("command")::add);
    }
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/entrypoint?wait=true", timeout.plus(GATEWAY_DEFAULT_WAIT))
        .PUT(body(body)).build();
    return send(httpRequest, response -> read(response, Entrypoint.class));
  }

  /**
   * Creates a network volume: storage that several sandboxes can mount and that outlives them. With the {@code local}
   * driver it lives on one node (sandboxes that mount it are placed there); driver options such as
   * {@code type=nfs} make it reachable from every node.
   *
   * @param name the volume's name (lowercase letters, digits and '-')
   * @param driver the Docker volume driver, or {@code null} for {@code local}
   * @param size a size such as {@code 1g}, or {@code null}; enforced only where the driver can (see
   *     {@link NetworkVolumeInfo#sizeEnforced()})
   * @param mountPath the default mount path, or {@code null}
   * @return the new volume; fails with {@link SandboxOperationException} when the name is taken
   */
  public CompletableFuture<NetworkVolumeInfo> createNetworkVolume(String name, String driver, String size, String mountPath) {
    return createNetworkVolume(name, driver, Map.of(), size, mountPath);
  }

  /**
   * Creates a network volume with driver options, e.g. {@code Map.of("type", "tmpfs")} for a memory-backed volume
   * whose size is enforced.
   *
   * @param name the volume's name
   * @param driver the Docker volume driver, or {@code null} for {@code local}
   * @param driverOptions options for the driver
   * @param size a size such as {@code 1g}, or {@code null}
   * @param mountPath the default mount path, or {@code null}
   * @return the new volume
   */
  public CompletableFuture<NetworkVolumeInfo> createNetworkVolume(String name, String driver, Map<String, String> driverOptions,
      String size, String mountPath) {
    if (name == null || name.isBlank()) {
      throw new SandboxValidationException("name is required", "name");
    }
    ObjectNode body = json.createObjectNode().put("name", name);
    if (driver != null) {
      body.put("driver", driver);
    }
    if (driverOptions != null && !driverOptions.isEmpty()) {
      ObjectNode options = body.putObject("driverOptions");
      driverOptions.forEach(options::put);
    }
    if (size != null) {
      body.put("size", size);
    }
    if (mountPath != null) {
      body.put("mountPath", mountPath);
    }
    HttpRequest httpRequest = jsonRequest("/v1/network-volumes", timeout).POST(body(body)).build();
    return send(httpRequest, response -> read(response, NetworkVolumeInfo.class)).exceptionallyCompose(SandboxClient::asVolumeError);
  }

  /**
   * Lists the caller's network volumes.
   *
   * @return the volumes
   */
  public CompletableFuture<List<NetworkVolumeInfo>> listNetworkVolumes() {
    HttpRequest httpRequest = request("/v1/network-volumes", timeout).GET().build();
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, NetworkVolumeInfo.class);
    return send(httpRequest, response -> convert(readTree(response).path("items"), listType, response));
  }

  /**
   * Reads a network volume.
   *
   * @param name the volume's name
   * @return the volume; fails with {@link SandboxVolumeException} when it does not exist
   */
  public CompletableFuture<NetworkVolumeInfo> getNetworkVolume(String name) {
    HttpRequest httpRequest = request("/v1/network-volumes/" + volumeName(name), timeout).GET().build();
    return send(httpRequest, response -> read(response, NetworkVolumeInfo.class)).exceptionallyCompose(SandboxClient::asVolumeError);
  }

  /**
   * Deletes a network volume and its data. Fails with {@link SandboxVolumeException} while a sandbox mounts it.
   *
   * @param name the volume's name
   * @return completes once the deletion is accepted
   */
  public CompletableFuture<Void> deleteNetworkVolume(String name) {
    HttpRequest httpRequest = request("/v1/network-volumes/" + volumeName(name), timeout).DELETE().build();
    return send(httpRequest, response -> (Void) null).exceptionallyCompose(SandboxClient::asVolumeError);
  }

  /**
   * Mounts a network volume into a sandbox, running or stopped, and waits until the mount is live. The container is
   * recreated for it; the workspace is kept.
   *
   * @param sandboxId the sandbox id
   * @param volumeName the network volume's name
   * @param mountPath absolute path inside the sandbox, or {@code null} for the volume's default
   * @param readOnly mount read-only, or {@code null} for the volume's default
   * @return the sandbox with the mount in place
   */
  public CompletableFuture<SandboxInfo> mountVolume(String sandboxId, String volumeName, String mountPath, Boolean readOnly) {
    if (volumeName == null || volumeName.isBlank()) {
      throw new SandboxValidationException("volumeName is required", "volume");
    }
    ObjectNode body = json.createObjectNode().put("volume", volumeName);
    if (mountPath != null) {
      body.put("mountPath", mountPath);
    }
    if (readOnly != null) {
      body.put("readOnly", readOnly);
    }
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/mounts?wait=true", timeout.plus(GATEWAY_DEFAULT_WAIT)).POST(body(body)).build();
    return send(httpRequest, response -> read(response, SandboxInfo.class)).exceptionallyCompose(SandboxClient::asVolumeError);
  }

  /**
   * Unmounts a network volume from a sandbox and waits until it is gone from the container. The volume's data stays.
   *
   * @param sandboxId the sandbox id
   * @param volumeName the network volume's name
   * @return the sandbox without the mount
   */
  public CompletableFuture<SandboxInfo> unmountVolume(String sandboxId, String volumeName) {
    HttpRequest httpRequest = request(sandboxPath(sandboxId) + "/mounts/" + volumeName(volumeName) + "?wait=true", timeout.plus(GATEWAY_DEFAULT_WAIT))
        .DELETE().build();
    return send(httpRequest, response -> read(response, SandboxInfo.class)).exceptionallyCompose(SandboxClient::asVolumeError);
  }

  /** Volume calls report their failures as {@link SandboxVolumeException}, keeping status, code and field. */
  private static <T> CompletableFuture<T> asVolumeError(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof SandboxException e && !(e instanceof SandboxVolumeException) && e.status() >= 400 && e.status() < 500
        && e.status() != 401 && e.status() != 403 && e.status() != 429) {
      return CompletableFuture.failedFuture(new SandboxVolumeException(e.getMessage(), e.status(), e.code(), e.field()));
    }
    return CompletableFuture.failedFuture(cause);
  }

  private CompletableFuture<SandboxInfo> lifecycle(String sandboxId, String pathAndQuery, Duration extra) {
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + pathAndQuery, timeout.plus(GATEWAY_DEFAULT_WAIT).plus(extra))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    return send(httpRequest, response -> read(response, SandboxInfo.class));
  }

  private Map<String, String> stringMap(JsonNode node) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  /**
   * Reads the resource-usage history of a sandbox: samples taken after {@code since}, oldest first, at most 1000 per
   * call ({@link UsageHistory#truncated()} then says more follow). Samples are kept for a limited time set on the
   * cluster (7 days by default).
   *
   * @param sandboxId the sandbox id
   * @param since only samples taken after this time; {@code null} for the last hour
   * @return the samples; fails with {@link SandboxNotFoundException} when the sandbox does not exist
   * @throws SandboxValidationException when {@code sandboxId} is blank
   */
  public CompletableFuture<UsageHistory> getUsage(String sandboxId, Instant since) {
    String path = sandboxPath(sandboxId) + "/usage" + (since == null ? "" : "?since=" + encode(since.toString()));
    HttpRequest httpRequest = request(path, timeout).GET().build();
    return send(httpRequest, response -> read(response, UsageHistory.class));
  }

  /**
   * Runs a command, given as separate arguments and without a shell, with options such as a working directory, extra
   * environment or another user.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout, working directory, environment and user
   * @return exit code and output; fails with {@link SandboxValidationException} (field {@code user},
   *     {@code workdir}, ...) when the node refuses an option, {@link SandboxOperationException} when the sandbox is
   *     not Running
   * @throws SandboxValidationException when an argument is empty or the timeout is out of range
   */
  public CompletableFuture<ExecResult> executeCommand(String sandboxId, List<String> command, ExecOptions options) {
    ObjectNode body = execBody(command, options);
    return exec(sandboxId, body, commandTimeout(options));
  }

  /**
   * Runs a command line through {@code /bin/sh -c} and streams its output line by line as it is produced. Nothing is
   * sent until the stream is iterated or subscribed to.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line such as {@code "tail -f /workspace/app.log"}
   * @return the output stream; close it to kill the command early
   * @throws SandboxValidationException when an argument is blank
   */
  public CommandStream streamCommand(String sandboxId, String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      throw new SandboxValidationException("command is required", "command");
    }
    return streamCommand(sandboxId, SandboxJson.shellForm(commandLine), ExecOptions.defaults());
  }

  /**
   * Runs a command with options and streams its output line by line as it is produced.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout (the command is killed after it), working directory, environment and user
   * @return the output stream; close it to kill the command early
   * @throws SandboxValidationException when an argument is empty or the timeout is out of range
   */
  public CommandStream streamCommand(String sandboxId, List<String> command, ExecOptions options) {
    HttpRequest request = jsonRequest(sandboxPath(sandboxId) + "/exec/stream", timeout)
        .setHeader("Accept", EVENT_STREAM)
        .POST(body(execBody(command, options)))
        .build();
    return CommandStream.open(() -> http.send(request, HttpResponse.BodyHandlers.ofInputStream()), json, clock, request.uri());
  }

  /**
   * Starts a command that takes input while it runs, over the gateway's WebSocket exec: with a {@code terminal} it
   * runs in a pseudo-terminal (a shell as a person uses it: prompt, line editing, Ctrl+C), without one its standard
   * input is a pipe that {@link InteractiveCommand#closeInput()} ends.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments, e.g. {@code List.of("sh")}
   * @param options timeout (at most one hour; the command is killed after it), working directory, environment, user
   * @param terminal size of the pseudo-terminal, or {@code null} for plain pipes
   * @param listener receives the output as it arrives
   * @return completes once the session is open; fails with {@link SandboxNotFoundException} for an unknown sandbox and
   *     {@link SandboxOperationException} when it is not running
   * @throws SandboxValidationException when an argument is empty
   */
  public CompletableFuture<InteractiveCommand> openInteractive(String sandboxId, List<String> command, ExecOptions options,
      TerminalSize terminal, InteractiveListener listener) {
    if (listener == null) {
      throw new SandboxValidationException("listener is required", "listener");
    }
    ObjectNode body = execBody(command, options == null ? ExecOptions.defaults() : options);
    body.put("stdin", true);
    if (terminal != null) {
      body.put("tty", true);
      body.put("columns", terminal.columns());
      body.put("rows", terminal.rows());
    }
    String path = sandboxPath(sandboxId) + "/exec/ws";
    URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + path);
    if (closed.get()) {
      throw new IllegalStateException("the sandbox client is closed");
    }
    return InteractiveCommand.open(http, uri, apiKey, body, sandboxId, listener, json, clock, timeout);
  }

  /**
   * Runs a command line through {@code /bin/sh -c}, calling {@code listener} for each line of output as it arrives.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line
   * @param listener receives the lines, in order, on a thread of the SDK
   * @return completes with the exit once the last line was delivered; cancelling it kills the command
   * @throws SandboxValidationException when an argument is blank
   */
  public CompletableFuture<ExecExit> streamCommand(String sandboxId, String commandLine, CommandListener listener) {
    return listen(streamCommand(sandboxId, commandLine), listener);
  }

  /**
   * Runs a command with options, calling {@code listener} for each line of output as it arrives.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout, working directory, environment and user
   * @param listener receives the lines, in order, on a thread of the SDK
   * @return completes with the exit once the last line was delivered; cancelling it kills the command
   * @throws SandboxValidationException when an argument is empty or the timeout is out of range
   */
  public CompletableFuture<ExecExit> streamCommand(String sandboxId, List<String> command, ExecOptions options,
      CommandListener listener) {
    return listen(streamCommand(sandboxId, command, options), listener);
  }

  /**
   * Lists a directory on a sandbox volume.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path directory relative to the volume root; {@code ""} for the root
   * @return the entries; fails with {@link SandboxValidationException} (field {@code path}) for a path that would
   *     leave the volume, {@link SandboxNotFoundException} when it does not exist
   */
  public CompletableFuture<DirectoryListing> listDirectory(String sandboxId, String volumeId, String path) {
    HttpRequest request = request(volumePath(sandboxId, volumeId) + "/files" + pathQuery(path == null ? "" : path), timeout).GET().build();
    return send(request, response -> read(response, DirectoryListing.class));
  }

  /**
   * Creates a directory on a sandbox volume, with any missing parents ({@code mkdir -p}).
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path directory relative to the volume root
   * @return completes when the directory exists
   */
  public CompletableFuture<Void> makeDirectory(String sandboxId, String volumeId, String path) {
    HttpRequest request = request(volumePath(sandboxId, volumeId) + "/directories" + pathQuery(required(path, "path")), timeout)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    return send(request, response -> null);
  }

  /**
   * Reads a whole file from a sandbox volume into memory; use {@link #downloadFile} for large files.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @return its bytes
   */
  public CompletableFuture<byte[]> readFile(String sandboxId, String volumeId, String path) {
    HttpRequest request = request(volumePath(sandboxId, volumeId) + "/file" + pathQuery(required(path, "path")), TRANSFER_TIMEOUT)
        .setHeader("Accept", "application/octet-stream").GET().build();
    return sendForBytes(request);
  }

  /**
   * Writes a text file (UTF-8) to a sandbox volume, creating or replacing it atomically; missing parent directories
   * are created.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @param content the text
   * @return where it was written, its size and checksum
   */
  public CompletableFuture<FileWriteResult> writeFile(String sandboxId, String volumeId, String path, String content) {
    return writeFile(sandboxId, volumeId, path, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a file to a sandbox volume, creating or replacing it atomically; missing parent directories are created.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @param content the bytes
   * @return where it was written, its size and checksum
   */
  public CompletableFuture<FileWriteResult> writeFile(String sandboxId, String volumeId, String path, byte[] content) {
    HttpRequest request = request(volumePath(sandboxId, volumeId) + "/file" + pathQuery(required(path, "path")), TRANSFER_TIMEOUT)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(Objects.requireNonNull(content, "content")))
        .build();
    return send(request, response -> read(response, FileWriteResult.class));
  }

  /**
   * Uploads a local file to a sandbox volume, streaming it from disk (any size up to the node's limit, 1 GiB by
   * default). Its SHA-256 is computed first and checked by the node, which keeps the file only when it arrived
   * intact.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path target file relative to the volume root
   * @param localFile the file to send
   * @return where it was written, its size and checksum
   */
  public CompletableFuture<FileWriteResult> uploadFile(String sandboxId, String volumeId, String path, Path localFile) {
    String target = volumePath(sandboxId, volumeId) + "/upload" + pathQuery(required(path, "path"));
    return CompletableFuture.supplyAsync(() -> sha256(localFile)).thenCompose(checksum -> {
      try {
        HttpRequest request = request(target + "&sha256=" + checksum, TRANSFER_TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofFile(localFile))
            .build();
        return send(request, response -> read(response, FileWriteResult.class));
      } catch (FileNotFoundException e) {
        throw new SandboxValidationException("no local file " + localFile, "localFile");
      }
    });
  }

  /**
   * Uploads a zip, tar or tar.gz archive and unpacks it into a directory of a sandbox volume. Entries that would land
   * outside that directory make the whole upload fail (nothing is unpacked).
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param directory target directory relative to the volume root (created when missing)
   * @param archive the local archive
   * @return what was unpacked
   */
  public CompletableFuture<ArchiveUploadResult> uploadArchive(String sandboxId, String volumeId, String directory, Path archive) {
    String target = volumePath(sandboxId, volumeId) + "/upload" + pathQuery(directory == null ? "" : directory) + "&extract=true";
    try {
      HttpRequest request = request(target, TRANSFER_TIMEOUT)
          .header("Content-Type", "application/octet-stream")
          .POST(HttpRequest.BodyPublishers.ofFile(archive))
          .build();
      return send(request, response -> read(response, ArchiveUploadResult.class));
    } catch (FileNotFoundException e) {
      throw new SandboxValidationException("no local file " + archive, "archive");
    }
  }

  /**
   * Downloads a file from a sandbox volume to the local disk, streaming it (any size). The target is written aside
   * and moved into place once complete.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path file relative to the volume root
   * @param target local file to create or replace
   * @return the saved file with its size and SHA-256
   */
  public CompletableFuture<DownloadedFile> downloadFile(String sandboxId, String volumeId, String path, Path target) {
    HttpRequest request = request(volumePath(sandboxId, volumeId) + "/file" + pathQuery(required(path, "path")), timeout)
        .setHeader("Accept", "application/octet-stream").GET().build();
    return sendForStream(request).thenApply(in -> saveTo(in, target));
  }

  /**
   * Deletes a file, a link or a directory on a sandbox volume.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param path what to delete, relative to the volume root
   * @param recursive {@code true} to delete a directory with everything in it
   * @return completes once deleted; fails with {@link SandboxOperationException} (409) for a non-empty directory
   *     without {@code recursive}
   */
  public CompletableFuture<Void> deleteFile(String sandboxId, String volumeId, String path, boolean recursive) {
    HttpRequest request = request(volumePath(sandboxId, volumeId) + "/file" + pathQuery(required(path, "path"))
        + (recursive ? "&recursive=true" : ""), timeout).DELETE().build();
    return send(request, response -> null);
  }

  /**
   * Renames or moves a file or directory within a sandbox volume.
   *
   * @param sandboxId the sandbox id
   * @param volumeId {@value #WORKSPACE} for the sandbox's own volume
   * @param from current path relative to the volume root
   * @param to new path relative to the volume root (missing parents are created)
   * @param overwrite {@code true} to replace an existing {@code to}
   * @return completes once moved
   */
  public CompletableFuture<Void> renameFile(String sandboxId, String volumeId, String from, String to, boolean overwrite) {
    ObjectNode body = json.createObjectNode().put("from", required(from, "from")).put("to", required(to, "to")).put("overwrite", overwrite);
    HttpRequest request = jsonRequest(volumePath(sandboxId, volumeId) + "/rename", timeout).POST(body(body)).build();
    return send(request, response -> null);
  }

  /**
   * Exports a folder of a sandbox (running or stopped) as a zip file on the local disk.
   *
   * @param sandboxId the sandbox id
   * @param folderPath absolute path in the sandbox, such as {@code /workspace/project}
   * @param outputZip local file to create or replace
   * @return {@code outputZip}, once complete
   */
  public CompletableFuture<Path> exportContainer(String sandboxId, String folderPath, Path outputZip) {
    return sendForStream(exportRequest(sandboxId, folderPath)).thenApply(in -> saveTo(in, outputZip).file());
  }

  /**
   * Exports a folder of a sandbox (running or stopped) as a zip, in memory.
   *
   * @param sandboxId the sandbox id
   * @param folderPath absolute path in the sandbox, such as {@code /workspace/project}
   * @return the zip's bytes
   */
  public CompletableFuture<byte[]> exportContainer(String sandboxId, String folderPath) {
    return sendForBytes(exportRequest(sandboxId, folderPath));
  }

  /**
   * Reads the last lines of a sandbox's log (what its main process wrote), also when it is stopped.
   *
   * @param sandboxId the sandbox id
   * @param tail how many lines, from 0 to 100,000; negative for all
   * @return the lines, oldest first
   */
  public CompletableFuture<List<LogLine>> getLogs(String sandboxId, int tail) {
    HttpRequest request = request(sandboxPath(sandboxId) + "/logs?tail=" + (tail < 0 ? "all" : Integer.toString(tail)), timeout)
        .GET().build();
    return send(request, response -> {
      List<LogLine> lines = new ArrayList<>();
      for (JsonNode line : readTree(response).path("lines")) {
        lines.add(logLine(line));
      }
      return lines;
    });
  }

  /**
   * Follows a sandbox's log: the last {@code tail} lines, then new ones as they are written, until the sandbox stops
   * or the stream is closed.
   *
   * @param sandboxId the sandbox id
   * @param tail how many earlier lines to start with; negative for all
   * @return the lines as a stream
   */
  public SandboxStream<LogLine> followLogs(String sandboxId, int tail) {
    HttpRequest request = request(sandboxPath(sandboxId) + "/logs?follow=true&tail=" + (tail < 0 ? "all" : Integer.toString(tail)), timeout)
        .setHeader("Accept", EVENT_STREAM).GET().build();
    return new SandboxStream<>(() -> http.send(request, HttpResponse.BodyHandlers.ofInputStream()), (name, data, emit) -> {
      if (name.equals("stdout") || name.equals("stderr")) {
        emit.accept(logLine(json.readTree(data)));
      }
    }, json, clock, "GET", request.uri());
  }

  /**
   * Reads the resource use of a running sandbox (takes about a second).
   *
   * @param sandboxId the sandbox id
   * @return one sample; fails with {@link SandboxOperationException} (409) when the sandbox is not running
   */
  public CompletableFuture<SandboxStats> getStats(String sandboxId) {
    HttpRequest request = request(sandboxPath(sandboxId) + "/stats", timeout).GET().build();
    return send(request, response -> read(response, SandboxStats.class));
  }

  /**
   * Streams the resource use of a running sandbox, about one sample a second, until it stops or the stream is
   * closed.
   *
   * @param sandboxId the sandbox id
   * @return the samples as a stream
   */
  public SandboxStream<SandboxStats> streamStats(String sandboxId) {
    HttpRequest request = request(sandboxPath(sandboxId) + "/stats?stream=true", timeout).setHeader("Accept", EVENT_STREAM).GET().build();
    return new SandboxStream<>(() -> http.send(request, HttpResponse.BodyHandlers.ofInputStream()), (name, data, emit) -> {
      if (name.equals("stats")) {
        emit.accept(json.readValue(data, SandboxStats.class));
      }
    }, json, clock, "GET", request.uri());
  }

  /**
   * Issues a preview token for a sandbox: it opens the sandbox's HTTP ports to whoever holds it, until it expires.
   *
   * @param sandboxId the sandbox id
   * @param expiresIn how long it is valid, one minute to seven days; {@code null} for one hour
   * @return the token and the preview URLs with it
   */
  public CompletableFuture<PreviewAccess> createPreviewToken(String sandboxId, Duration expiresIn) {
    ObjectNode body = json.createObjectNode();
    if (expiresIn != null) {
      body.put("expiresInSeconds", expiresIn.toSeconds());
    }
    HttpRequest request = jsonRequest(sandboxPath(sandboxId) + "/preview-token", timeout).POST(body(body)).build();
    return send(request, response -> read(response, PreviewAccess.class));
  }

  /**
   * The path-form preview URL of a sandbox port on this gateway, such as
   * {@code http://localhost:8080/v1/sandboxes/sbx-1/ports/8080/}. Opening it needs the API key (as
   * {@code Authorization}) or a preview token (see {@link #createPreviewToken}), unless the sandbox is public.
   *
   * @param sandboxId the sandbox id
   * @param port the port inside the sandbox
   * @return the URL
   */
  public String previewUrl(String sandboxId, int port) {
    if (port < 1 || port > 65535) {
      throw new SandboxValidationException("port must be between 1 and 65535, was " + port, "port");
    }
    return baseUrl + sandboxPath(sandboxId) + "/ports/" + port + "/";
  }

  /**
   * Starts a command in the background: the call returns at once and the command runs on, with its recent output
   * kept on the node. Without a timeout in {@code options} it runs until it ends or is killed.
   *
   * @param sandboxId the sandbox id
   * @param command the executable and its arguments
   * @param options timeout (up to 30 days), working directory, environment and user
   * @return the started process
   */
  public CompletableFuture<BackgroundProcess> startProcess(String sandboxId, List<String> command, ExecOptions options) {
    ObjectNode body = execBody(command, options == null ? ExecOptions.defaults() : options.withTimeout(null));
    if (options != null && options.timeout() != null) {
      if (options.timeout().isNegative() || options.timeout().isZero() || options.timeout().compareTo(MAX_BACKGROUND_TIMEOUT) > 0) {
        throw new SandboxValidationException("timeout of a background process must be more than 0 and at most 30 days", "timeoutSeconds");
      }
      body.put("timeoutSeconds", (options.timeout().toMillis() + 999) / 1000);
    }
    HttpRequest request = jsonRequest(sandboxPath(sandboxId) + "/processes", timeout).POST(body(body)).build();
    return send(request, response -> read(response, BackgroundProcess.class));
  }

  /**
   * Starts a command line in the background through {@code /bin/sh -c}.
   *
   * @param sandboxId the sandbox id
   * @param commandLine the command line, such as {@code "python -m http.server 8080"}
   * @return the started process
   */
  public CompletableFuture<BackgroundProcess> startProcess(String sandboxId, String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      throw new SandboxValidationException("command is required", "command");
    }
    return startProcess(sandboxId, SandboxJson.shellForm(commandLine), ExecOptions.defaults());
  }

  /**
   * Lists the background processes started in a sandbox (running and recently ended).
   *
   * @param sandboxId the sandbox id
   * @return the processes, oldest first
   */
  public CompletableFuture<List<BackgroundProcess>> listProcesses(String sandboxId) {
    HttpRequest request = request(sandboxPath(sandboxId) + "/processes", timeout).GET().build();
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, BackgroundProcess.class);
    return send(request, response -> convert(readTree(response).path("items"), listType, response));
  }

  /**
   * Reads one background process.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @return its state
   */
  public CompletableFuture<BackgroundProcess> getProcess(String sandboxId, String processId) {
    HttpRequest request = request(processPath(sandboxId, processId), timeout).GET().build();
    return send(request, response -> read(response, BackgroundProcess.class));
  }

  /**
   * Reads a background process's output from byte offsets on ({@code 0, 0} for everything still kept).
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @param stdoutFrom standard output offset, such as the {@link ProcessOutput#stdoutNext()} of the last call
   * @param stderrFrom standard error offset
   * @return the output and the offsets to ask for next
   */
  public CompletableFuture<ProcessOutput> getProcessOutput(String sandboxId, String processId, long stdoutFrom, long stderrFrom) {
    HttpRequest request = request(processPath(sandboxId, processId) + "/output?stdoutFrom=" + Math.max(0, stdoutFrom)
        + "&stderrFrom=" + Math.max(0, stderrFrom), timeout).GET().build();
    return send(request, response -> read(response, ProcessOutput.class));
  }

  /**
   * Sends a signal to a running background process.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @param signal {@code INT}, {@code TERM}, {@code KILL} or {@code HUP}
   * @return whether the signal was delivered
   */
  public CompletableFuture<Boolean> signalProcess(String sandboxId, String processId, String signal) {
    ObjectNode body = json.createObjectNode().put("signal", required(signal, "signal"));
    HttpRequest request = jsonRequest(processPath(sandboxId, processId) + "/signal", timeout).POST(body(body)).build();
    return send(request, response -> readTree(response).path("delivered").asBoolean());
  }

  /**
   * Waits up to {@code wait} (at most 5 minutes) for a background process to end.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @param wait how long to wait
   * @return its state afterwards: {@link BackgroundProcess#running()} tells whether it ended
   */
  public CompletableFuture<BackgroundProcess> waitForProcess(String sandboxId, String processId, Duration wait) {
    long seconds = wait == null ? 30 : Math.max(0, Math.min(300, wait.toSeconds()));
    HttpRequest request = request(processPath(sandboxId, processId) + "/wait?timeoutSeconds=" + seconds,
        timeout.plus(Duration.ofSeconds(seconds))).GET().build();
    return send(request, response -> read(response, BackgroundProcess.class));
  }

  /**
   * Kills a background process (when it still runs) and forgets it.
   *
   * @param sandboxId the sandbox id
   * @param processId the process id
   * @return completes once done
   */
  public CompletableFuture<Void> removeProcess(String sandboxId, String processId) {
    HttpRequest request = request(processPath(sandboxId, processId), timeout).DELETE().build();
    return send(request, response -> null);
  }

  /**
   * Closes the client: later calls throw {@link IllegalStateException}. Requests already sent still complete.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    exchange.close();
    if (http instanceof AutoCloseable closeable) {
      // From Java 21 on, HttpClient is AutoCloseable and releases its threads here; on Java 17 they end once the
      // client is unreachable.
      try {
        closeable.close();
      } catch (Exception e) {
        // Nothing left to release that the caller could act on.
      }
    }
  }

  private ObjectNode execBody(List<String> command, ExecOptions options) {
    if (command == null || command.isEmpty() || command.stream().anyMatch(Objects::isNull)) {
      throw new SandboxValidationException("command must be a non-empty list without nulls", "command");
    }
    ExecOptions o = options == null ? ExecOptions.defaults() : options;
    ObjectNode body = json.createObjectNode();
    if (SandboxJson.isShellForm(command)) {
      body.put("command", command.get(2));
    } else {
      ArrayNode args = body.putArray("command");
      command.forEach(args::add);
    }
    if (o.timeout() != null) {
      if (o.timeout().isNegative() || o.timeout().isZero() || o.timeout().compareTo(MAX_EXEC_TIMEOUT) > 0) {
        throw new SandboxValidationException(
            "timeout must be more than 0 and at most " + MAX_EXEC_TIMEOUT.toSeconds() + " seconds, was " + o.timeout(), "timeoutSeconds");
      }
      body.put("timeoutSeconds", (o.timeout().toMillis() + 999) / 1000);
    }
    if (o.workdir() != null) {
      body.put("workdir", o.workdir());
    }
    if (!o.environment().isEmpty()) {
      ObjectNode env = body.putObject("environment");
      o.environment().forEach(env::put);
    }
    if (o.user() != null) {
      body.put("user", o.user());
    }
    return body;
  }

  private static Duration commandTimeout(ExecOptions options) {
    return options == null || options.timeout() == null ? GATEWAY_DEFAULT_WAIT
        : Duration.ofSeconds((options.timeout().toMillis() + 999) / 1000);
  }

  private static CompletableFuture<ExecExit> listen(CommandStream stream, CommandListener listener) {
    Objects.requireNonNull(listener, "listener");
    CompletableFuture<ExecExit> result = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        stream.close();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    stream.subscribe(new Flow.Subscriber<OutputLine>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(OutputLine line) {
        if (line.stream() == StreamType.STDOUT) {
          listener.onStdout(line.text());
        } else {
          listener.onStderr(line.text());
        }
      }

      @Override
      public void onError(Throwable error) {
        result.completeExceptionally(error);
      }

      @Override
      public void onComplete() {
        stream.exit().whenComplete((exit, error) -> {
          if (error != null) {
            result.completeExceptionally(error);
          } else {
            result.complete(exit);
          }
        });
      }
    });
    return result;
  }

  private LogLine logLine(JsonNode line) {
    String timestamp = line.path("timestamp").asText(null);
    Instant at = null;
    if (timestamp != null) {
      try {
        at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
      } catch (DateTimeParseException e) {
        // A timestamp this client cannot read is left out rather than failing the call.
      }
    }
    return new LogLine("stderr".equals(line.path("stream").asText()) ? StreamType.STDERR : StreamType.STDOUT, at,
        line.path("text").asText());
  }

  private HttpRequest exportRequest(String sandboxId, String folderPath) {
    String folder = required(folderPath, "folderPath");
    if (!folder.startsWith("/")) {
      throw new SandboxValidationException("folderPath must be an absolute path in the sandbox, such as /workspace", "folderPath");
    }
    return request(sandboxPath(sandboxId) + "/export?path=" + encode(folder), timeout).setHeader("Accept", "application/zip").GET().build();
  }

  private static String volumePath(String sandboxId, String volumeId) {
    return sandboxPath(sandboxId) + "/volumes/" + encode(required(volumeId, "volumeId"));
  }

  private static String processPath(String sandboxId, String processId) {
    return sandboxPath(sandboxId) + "/processes/" + encode(required(processId, "processId"));
  }

  private static String pathQuery(String path) {
    return "?path=" + encode(path);
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new SandboxValidationException(field + " is required", field);
    }
    return value;
  }

  /** Sends a request whose answer is raw bytes (or, on error, the gateway's JSON error). */
  private CompletableFuture<byte[]> sendForBytes(HttpRequest request) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
      if (error != null) {
        result.completeExceptionally(GatewayErrors.fromTransport(error, request.method(), request.uri()));
      } else if (response.statusCode() / 100 != 2) {
        result.completeExceptionally(GatewayErrors.fromAnswer(response.statusCode(),
            new String(response.body(), StandardCharsets.UTF_8), response.headers(), json, clock));
      } else {
        result.complete(response.body());
      }
    });
    return result;
  }

  /** Sends a request whose answer is streamed; the caller reads and closes the stream. */
  private CompletableFuture<InputStream> sendForStream(HttpRequest request) {
    CompletableFuture<InputStream> result = new CompletableFuture<>();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).whenComplete((response, error) -> {
      if (error != null) {
        result.completeExceptionally(GatewayErrors.fromTransport(error, request.method(), request.uri()));
      } else if (response.statusCode() / 100 != 2) {
        try (InputStream in = response.body()) {
          result.completeExceptionally(GatewayErrors.fromAnswer(response.statusCode(),
              new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8), response.headers(), json, clock));
        } catch (IOException e) {
          result.completeExceptionally(GatewayErrors.fromTransport(e, request.method(), request.uri()));
        }
      } else {
        result.complete(response.body());
      }
    });
    return result;
  }

  /** Copies a download to a file beside {@code target} and moves it into place once complete. */
  private static DownloadedFile saveTo(InputStream in, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path partial = null;
    try (InputStream body = in) {
      partial = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (OutputStream out = Files.newOutputStream(partial)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          sha256.update(buffer, 0, n);
          out.write(buffer, 0, n);
          size += n;
        }
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new DownloadedFile(target, size, HexFormat.of().formatHex(sha256.digest()));
    } catch (IOException e) {
      throw new SandboxConnectionException("the download to " + target + " failed: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // A leftover .part file is harmless.
        }
      }
    }
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchFileException e) {
      throw new SandboxValidationException("no local file " + file, "localFile");
    } catch (IOException e) {
      throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private CompletableFuture<ExecResult> exec(String sandboxId, ObjectNode body, Duration commandTimeout) {
    HttpRequest httpRequest = jsonRequest(sandboxPath(sandboxId) + "/exec", timeout.plus(commandTimeout))
        .POST(body(body))
        .build();
    return send(httpRequest, response -> read(response, ExecResult.class));
  }

  /** Sends the request; maps error answers and transport failures to SDK exceptions, and parses 2xx answers. */
  private <T> CompletableFuture<T> send(HttpRequest request, Function<HttpResponse<String>, T> parse) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> answer = BlockingExchange.suits(request)
        ? exchange.send(request)
        : http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    answer.whenComplete((response, error) -> {
      if (error != null) {
        result.completeExceptionally(GatewayErrors.fromTransport(error, request.method(), request.uri()));
      } else if (response.statusCode() / 100 != 2) {
        result.completeExceptionally(GatewayErrors.fromResponse(response, json, clock));
      } else {
        try {
          result.complete(parse.apply(response));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      }
    });
    return result;
  }

  private HttpRequest.Builder request(String path, Duration requestTimeout) {
    if (closed.get()) {
      throw new IllegalStateException("the sandbox client is closed");
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(requestTimeout)
        .header("Accept", JSON)
        .header("User-Agent", USER_AGENT);
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    return builder;
  }

  private HttpRequest.Builder jsonRequest(String path, Duration requestTimeout) {
    return request(path, requestTimeout).header("Content-Type", JSON);
  }

  private HttpRequest.BodyPublisher body(Object value) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new SandboxException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private <T> T read(HttpResponse<String> response, Class<T> type) {
    return convert(readTree(response), json.constructType(type), response);
  }

  private JsonNode readTree(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw unexpectedAnswer(response, e);
    }
  }

  private <T> T convert(JsonNode node, JavaType type, HttpResponse<String> response) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw unexpectedAnswer(response, e);
    }
  }

  private static SandboxException unexpectedAnswer(HttpResponse<String> response, Exception cause) {
    return new SandboxException(
        "unexpected answer to " + response.request().method() + " " + response.uri() + ": " + cause.getMessage(),
        response.statusCode(), null, null, cause);
  }

  private static String volumeName(String name) {
    if (name == null || name.isBlank()) {
      throw new SandboxValidationException("volume name is required", "name");
    }
    return encode(name);
  }

  private static String snapshotName(String snapshotId) {
    if (snapshotId == null || snapshotId.isBlank()) {
      throw new SandboxValidationException("snapshot id is required", "id");
    }
    return encode(snapshotId);
  }

  private static String sandboxPath(String sandboxId) {
    if (sandboxId == null || sandboxId.isBlank()) {
      throw new SandboxValidationException("sandbox id is required", "id");
    }
    return "/v1/sandboxes/" + encode(sandboxId);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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
      String url = firstNonBlank(baseUrl, environment.apply(URL_ENV), DEFAULT_BASE_URL).strip();
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
          || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
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
