package dev.sandbox.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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

  /** Longest exec timeout the gateway accepts. */
  private static final Duration MAX_EXEC_TIMEOUT = Duration.ofHours(1);

  /**
   * How long the gateway itself may hold a request open when no limit is sent: its default for
   * {@code waitTimeoutSeconds} and for exec {@code timeoutSeconds}. Added to the client timeout for such requests so
   * the client does not give up before the gateway answers.
   */
  private static final Duration GATEWAY_DEFAULT_WAIT = Duration.ofSeconds(60);

  private static final String JSON = "application/json";
  private static final String USER_AGENT = "sandbox-java-client";

  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;
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
    String path = "/v1/sandboxes" + (status == null || status.isBlank() ? "" : "?status=" + encode(status));
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
   * Closes the client: later calls throw {@link IllegalStateException}. Requests already sent still complete.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && http instanceof AutoCloseable closeable) {
      // From Java 21 on, HttpClient is AutoCloseable and releases its threads here; on Java 17 they end once the
      // client is unreachable.
      try {
        closeable.close();
      } catch (Exception e) {
        // Nothing left to release that the caller could act on.
      }
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
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .whenComplete((response, error) -> {
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
