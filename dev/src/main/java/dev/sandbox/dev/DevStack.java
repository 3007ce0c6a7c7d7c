package dev.sandbox.dev;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.dev.kube.EmbeddedKubernetes;
import dev.sandbox.gateway.GatewayConfig;
import dev.sandbox.gateway.SandboxGateway;
import dev.sandbox.operator.NetworkConfig;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.SandboxOperator;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import dev.sandbox.operator.runtime.RuntimeUnavailableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process: in-memory Kubernetes API, embedded PostgreSQL, one operator for the local Docker
 * engine and the REST gateway. Used by {@code bin/sandbox dev}, by the end-to-end tests and by the examples.
 */
public final class DevStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevStack.class);
  public static final String NAMESPACE = "default";
  public static final String TENANT = "default";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final DevSettings settings;
  private final UnaryOperator<OperatorConfig> operatorTuning;
  private final UnaryOperator<GatewayConfig> gatewayTuning;
  private EmbeddedKubernetes kubernetes;
  private HikariDataSource dataSource;
  private DockerContainerRuntime runtime;
  private SandboxGateway gateway;
  private String apiKey;
  private OperatorConfig operatorConfig;
  private PostgresSandboxMirror mirror;
  /** The running operator; replaced by {@link #restartOperator}. */
  private volatile SandboxOperator operator;

  private DevStack(DevSettings settings, UnaryOperator<OperatorConfig> operatorTuning, UnaryOperator<GatewayConfig> gatewayTuning) {
    this.settings = settings;
    this.operatorTuning = operatorTuning;
    this.gatewayTuning = gatewayTuning;
  }

  /** Starts everything, or stops what it had started and throws. */
  public static DevStack start(DevSettings settings) {
    return start(settings, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /**
   * Starts everything with the operator's and the gateway's settings adjusted (tests use short intervals), or stops
   * what it had started and throws.
   */
  public static DevStack start(DevSettings settings, UnaryOperator<OperatorConfig> operatorTuning, UnaryOperator<GatewayConfig> gatewayTuning) {
    DevStack stack = new DevStack(settings, operatorTuning, gatewayTuning);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException | IOException | SQLException e) {
      stack.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
  }

  private void startAll() throws IOException, SQLException {
    Files.createDirectories(settings.home());

    log.info("[1/5] checking the Docker engine at {}", settings.dockerHost());
    runtime = new DockerContainerRuntime(settings.dockerHost());
    started.push(runtime);
    try {
      runtime.ping();
    } catch (RuntimeUnavailableException e) {
      throw new IllegalStateException("no Docker engine answers at " + settings.dockerHost()
          + "; start one (bin/sandbox dev does this for you when run as root) or set DOCKER_HOST", e);
    }
    removeLeftovers("left from an earlier run");
    // Runs at close after everything else has stopped, just before the Docker client closes.
    started.push(() -> removeLeftovers("that were still there at shutdown"));

    log.info("[2/5] starting PostgreSQL");
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
        settings.persistentDatabase() ? settings.home().resolve("postgres") : null, 0);
    started.push(postgres);
    dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "sandbox");
    started.push(dataSource);
    int applied = Database.migrate(dataSource);
    log.info("      database ready on port {} ({} migrations applied)", postgres.port(), applied);
    apiKey = ensureApiKey(new ApiKeys(dataSource));
    int stale = new SandboxRecords(dataSource).markAllDeletedOnNode(settings.node(), Instant.now());
    if (stale > 0) {
      log.info("      marked {} sandboxes of an earlier run as deleted in the history", stale);
    }

    log.info("[3/5] starting the in-memory Kubernetes API");
    kubernetes = EmbeddedKubernetes.start(settings.kubePort());
    started.push(kubernetes);
    kubernetes.writeKubeconfig(kubeconfig());
    log.info("      Kubernetes API on {}; kubeconfig at {}", kubernetes.url(), kubeconfig());

    log.info("[4/5] starting the operator for node '{}'", settings.node());
    // The gateway reaches the node agent over HTTP as in a cluster, through the ConfigMap the operator announces;
    // the agent takes any free loopback port and a secret made up for this run.
    String agentToken = OperatorConfig.randomToken();
    // Network settings (firewall, blocked ranges, node port range) come from the environment as on a real node.
    operatorConfig = OperatorConfig.defaults().withNodeName(settings.node()).withAgent(0, agentToken)
        .withNetwork(NetworkConfig.fromEnvironment(System.getenv()));
    operatorConfig = operatorTuning.apply(
        operatorConfig.withMonitoring(operatorConfig.monitoring().withHttp(settings.gatewayHost(), settings.operatorHttpPort())));
    mirror = new PostgresSandboxMirror(dataSource);
    operator = new SandboxOperator(kubernetes.client(), runtime, mirror, dataSource, operatorConfig, false);
    // Stop the operator before the mirror it writes to, and the mirror before the database.
    started.push(mirror);
    started.push(() -> operator.close());
    operator.start();

    log.info("[5/5] starting the REST gateway");
    gateway = new SandboxGateway(
        gatewayTuning.apply(GatewayConfig.defaults().withHost(settings.gatewayHost()).withPort(settings.gatewayPort()).withNamespace(NAMESPACE)
            .withAgentToken(agentToken).withPreviewUrl(settings.previewUrl())),
        kubernetes.client(), dataSource);
    started.push(gateway);
    gateway.start();
    // First thing at close: delete every sandbox through the operator, so containers go and the history says so.
    started.push(this::deleteAllSandboxes);
  }

  /** Reuses the key saved in the state directory when the database still knows it; otherwise issues a new one. */
  private String ensureApiKey(ApiKeys keys) throws SQLException, IOException {
    keys.ensureTenant(TENANT, "Default tenant");
    Path file = settings.home().resolve("api-key");
    if (Files.isReadable(file)) {
      String saved = Files.readString(file).trim();
      if (keys.isValid(saved)) {
        return saved;
      }
    }
    String key = keys.create(TENANT, "dev mode");
    Files.writeString(file, key + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: nothing to tighten.
    }
    return key;
  }

  /**
   * The in-memory API forgets everything when the process ends, so containers and volumes this node made in an earlier
   * run no longer have an owner: remove them.
   */
  private void removeLeftovers(String which) {
    Map<String, String> mine = SandboxNames.nodeSelector(settings.node());
    int containers = 0;
    for (ContainerState c : runtime.list(mine)) {
      runtime.remove(c.id());
      containers++;
    }
    int volumes = 0;
    for (String volume : runtime.listVolumes(mine)) {
      runtime.removeVolume(volume);
      volumes++;
    }
    if (containers + volumes > 0) {
      log.info("      removed {} containers and {} volumes {}", containers, volumes, which);
    }
  }

  private void deleteAllSandboxes() {
    KubernetesClient client = kubernetes.client();
    List<Sandbox> all = client.resources(Sandbox.class).inAnyNamespace().list().getItems();
    if (all.isEmpty()) {
      return;
    }
    log.info("deleting {} sandboxes", all.size());
    all.forEach(s -> client.resource(s).delete());
    try {
      client.resources(Sandbox.class).inAnyNamespace().list().getItems().forEach(s ->
          client.resource(s).waitUntilCondition(java.util.Objects::isNull, 20, TimeUnit.SECONDS));
    } catch (RuntimeException e) {
      log.warn("not every sandbox was deleted in time ({}); their containers are removed directly", e.getMessage());
    }
  }

  /**
   * Stops the operator and starts a new instance on the same Kubernetes API, PostgreSQL mirror and Docker engine, as
   * after an operator restart; the new one re-reconciles every sandbox. {@code wrap} may wrap the Docker runtime the
   * new instance uses (the benchmarks watch its calls to time the re-reconcile); the gateway keeps the plain one.
   *
   * @return the new operator
   */
  public synchronized SandboxOperator restartOperator(UnaryOperator<ContainerRuntime> wrap) {
    // The new instance's agent takes the port of the old one, so the gateway's cached agent address stays right.
    int agentPort = operator.agent() == null ? 0 : operator.agent().port();
    operator.close();
    OperatorConfig config = agentPort == 0 ? operatorConfig : operatorConfig.withAgent(agentPort, operatorConfig.agentToken());
    SandboxOperator next = new SandboxOperator(kubernetes.client(), wrap.apply(runtime), runtime, mirror, dataSource, config, false);
    operator = next;
    next.start();
    return next;
  }

  /** The operator running now (a new instance after {@link #restartOperator}). */
  public synchronized SandboxOperator operator() {
    return operator;
  }

  /** Base URL of the running operator's node agent. */
  public synchronized String agentUrl() {
    return "http://127.0.0.1:" + operator.agent().port();
  }

  /** The secret the gateway presents to the node agent. */
  public String agentToken() {
    return operatorConfig.agentToken();
  }

  public String gatewayUrl() {
    return "http://" + ("0.0.0.0".equals(settings.gatewayHost()) ? "127.0.0.1" : settings.gatewayHost()) + ":" + gateway.port();
  }

  /** Base URL of the operator's metrics and health endpoints. */
  public String operatorUrl() {
    return "http://" + ("0.0.0.0".equals(settings.gatewayHost()) ? "127.0.0.1" : settings.gatewayHost()) + ":" + operator.httpPort();
  }

  public String apiKey() {
    return apiKey;
  }

  public Path kubeconfig() {
    return settings.home().resolve("kubeconfig");
  }

  public KubernetesClient kubernetesClient() {
    return kubernetes.client();
  }

  public DockerContainerRuntime runtime() {
    return runtime;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public SandboxGateway gateway() {
    return gateway;
  }

  public DevSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
