package dev.sandbox.dev;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeClassSpec;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.VolumeClassType;
import dev.sandbox.db.ApiKeys;
import dev.sandbox.db.Database;
import dev.sandbox.db.EmbeddedPostgresServer;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.dev.kube.EmbeddedKubernetes;
import dev.sandbox.gateway.GatewayConfig;
import dev.sandbox.gateway.SandboxGateway;
import dev.sandbox.operator.DiskConfig;
import dev.sandbox.operator.NetworkConfig;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.SandboxOperator;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.DiskImages;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import dev.sandbox.operator.runtime.RuntimeUnavailableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
    /** How long close() lets the operator delete the sandboxes: the whole shutdown must stay well under 15 s. */
    static final Duration DELETE_DEADLINE = Duration.ofSeconds(8);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::closeAtExit, "dev-shutdown");
    private final DevSettings settings;
    private final UnaryOperator<OperatorConfig> operatorTuning;
    private final UnaryOperator<GatewayConfig> gatewayTuning;
    private StateDirectory state;
    private EmbeddedKubernetes kubernetes;
    private HikariDataSource dataSource;
    private DockerContainerRuntime runtime;
    private SandboxGateway gateway;
    private String apiKey;
    private OperatorConfig operatorConfig;
    private PostgresSandboxMirror mirror;
    /** The running operator; replaced by {@link #restartOperator}. */
    private volatile SandboxOperator operator;

    private DevStack(
            DevSettings settings,
            UnaryOperator<OperatorConfig> operatorTuning,
            UnaryOperator<GatewayConfig> gatewayTuning) {
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
    public static DevStack start(
            DevSettings settings,
            UnaryOperator<OperatorConfig> operatorTuning,
            UnaryOperator<GatewayConfig> gatewayTuning) {
        DevStack stack = new DevStack(settings, operatorTuning, gatewayTuning);
        // One hook of our own stops everything in order, also when the JVM exits without close() (tests ending,
        // System.exit).
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | IOException | SQLException e) {
            stack.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void startAll() throws IOException, SQLException {
        // Everything that could make this start fail for a conflict is checked before anything is removed or started:
        // the
        // state directory (another dev mode using it), the ports, the engine, the database.
        state = StateDirectory.claim(settings.home());
        started.push(state);
        PortCheck.requireFree(settings.gatewayHost(), settings.gatewayPort(), "SANDBOX_PORT");
        PortCheck.requireFree("127.0.0.1", settings.kubePort(), "SANDBOX_KUBE_PORT");
        PortCheck.requireFree(settings.gatewayHost(), settings.operatorHttpPort(), "SANDBOX_OPERATOR_HTTP_PORT");

        // The gateway reaches the node agent over HTTP as in a cluster, through the ConfigMap the operator announces;
        // the agent takes any free loopback port and a secret made up for this run.
        String agentToken = OperatorConfig.randomToken();
        operatorConfig = OperatorConfig.defaults()
                .withNodeName(settings.node())
                .withAgent(0, agentToken)
                .withInstallation(state.installation())
                .withDisk(DiskConfig.fromEnvironment(System.getenv()))
                // Network settings (firewall, blocked ranges, node port range) come from the environment as on a real
                // node.
                .withNetwork(NetworkConfig.fromEnvironment(System.getenv()));
        operatorConfig = operatorTuning.apply(operatorConfig.withMonitoring(
                operatorConfig.monitoring().withHttp(settings.gatewayHost(), settings.operatorHttpPort())));

        log.info("[1/5] checking the Docker engine at {}", settings.dockerHost());
        runtime = new DockerContainerRuntime(settings.dockerHost(), DiskImages.of(operatorConfig.disk()));
        started.push(runtime);
        try {
            runtime.ping();
        } catch (RuntimeUnavailableException e) {
            throw new IllegalStateException(
                    "no Docker engine answers at " + settings.dockerHost()
                            + "; start one (bin/sandbox dev does this for you when run as root) or set DOCKER_HOST",
                    e);
        }

        log.info("[2/5] starting PostgreSQL");
        Path data = settings.persistentDatabase() ? settings.home().resolve("postgres") : null;
        if (data != null) {
            state.stopAbandonedPostgres(data);
        }
        // Stopped by close(), last: its own shutdown hook would stop it while the sandboxes' deletions are still
        // written.
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, false);
        started.push(postgres);
        dataSource = Database.pool(postgres.jdbcUrl(), postgres.user(), postgres.password(), "sandbox");
        started.push(dataSource);
        int applied = Database.migrate(dataSource);
        log.info("      database ready on port {} ({} migrations applied)", postgres.port(), applied);
        apiKey = ensureApiKey(new ApiKeys(dataSource));
        log.info(
                "      installation {} (kept in {})",
                state.installation(),
                settings.home().resolve(StateDirectory.INSTALLATION_FILE));
        Leftovers leftovers =
                new Leftovers(runtime, new SandboxRecords(dataSource), state.installation(), settings.node());
        leftovers.removeDockerObjects("left from an earlier run");
        int stale = leftovers.markRecordsDeleted();
        if (stale > 0) {
            log.info("      marked {} sandboxes of an earlier run as deleted in the history", stale);
        }
        // Runs at close after the gateway and the operator have stopped, while the database can still record it.
        started.push(() -> {
            leftovers.removeDockerObjects("that were still there at shutdown");
            leftovers.markRecordsDeleted();
        });

        log.info("[3/5] starting the in-memory Kubernetes API");
        kubernetes = EmbeddedKubernetes.start(settings.kubePort());
        started.push(kubernetes);
        kubernetes.writeKubeconfig(kubeconfig());
        // The cluster's installation id, as a real cluster keeps it: anything that reads it from the API agrees with
        // ours.
        InstallationIdentity.resolve(kubernetes.client(), NAMESPACE, state.installation());
        log.info("      Kubernetes API on {}; kubeconfig at {}", kubernetes.url(), kubeconfig());

        installVolumeClasses();

        log.info("[4/5] starting the operator for node '{}'", settings.node());
        mirror = new PostgresSandboxMirror(dataSource);
        operator = new SandboxOperator(kubernetes.client(), runtime, mirror, dataSource, operatorConfig, false);
        // Stop the operator before the mirror it writes to, and the mirror before the database.
        started.push(mirror);
        started.push(() -> operator.close());
        operator.start();
        // At close, after the gateway has stopped taking calls: delete every sandbox through the operator, so
        // containers
        // go and the history says so.
        started.push(this::deleteAllSandboxes);

        log.info("[5/5] starting the REST gateway");
        gateway = new SandboxGateway(
                gatewayTuning.apply(GatewayConfig.defaults()
                        .withHost(settings.gatewayHost())
                        .withPort(settings.gatewayPort())
                        .withNamespace(NAMESPACE)
                        .withAgentToken(agentToken)
                        .withPreviewUrl(settings.previewUrl())
                        .withMaxDiskBytes(operatorConfig.disk().maxBytes())),
                kubernetes.client(),
                dataSource);
        started.push(gateway);
        gateway.start();
        // The command line (bin/sandbox ls, exec, ...) finds this gateway here when SANDBOX_URL is not set.
        Files.writeString(settings.home().resolve("url"), gatewayUrl() + "\n");
    }

    /**
     * The volume classes a cluster administrator would define: {@code local} (the default: a file system of its own
     * per volume on the node, 1g unless asked, at most 10g) and {@code memory} (a tmpfs, 64m unless asked, at most 1g).
     */
    private void installVolumeClasses() {
        for (NetworkVolumeClass cls : List.of(
                volumeClass(
                        NetworkVolumeClass.DEFAULT_CLASS,
                        VolumeClassType.Disk,
                        "1g",
                        "10g",
                        "Files on the node's disk, in a file system of the volume's size"),
                volumeClass(
                        "memory",
                        VolumeClassType.Tmpfs,
                        "64m",
                        "1g",
                        "Files in the node's memory: fast, gone when the node restarts"))) {
            if (kubernetes
                            .client()
                            .resources(NetworkVolumeClass.class)
                            .withName(cls.getMetadata().getName())
                            .get()
                    == null) {
                kubernetes.client().resource(cls).create();
            }
        }
        log.info("      volume classes: local (default, disk), memory (tmpfs)");
    }

    private static NetworkVolumeClass volumeClass(
            String name, VolumeClassType type, String defaultSize, String maxSize, String description) {
        NetworkVolumeClass cls = new NetworkVolumeClass();
        cls.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .build());
        NetworkVolumeClassSpec spec = new NetworkVolumeClassSpec();
        spec.setType(type);
        spec.setDefaultSize(defaultSize);
        spec.setMaxSize(maxSize);
        spec.setDescription(description);
        cls.setSpec(spec);
        return cls;
    }

    /** Reuses the key saved in the state directory when the database still knows it; otherwise issues a new one. */
    private String ensureApiKey(ApiKeys keys) throws SQLException, IOException {
        keys.ensureTenant(TENANT, "Default tenant");
        Path file = settings.home().resolve("api-key");
        if (Files.isReadable(file)) {
            String saved = Files.readString(file).trim();
            if (keys.isValid(saved)) {
                // The dev-mode key administers the installation (tenants, limits, keys), also when an older version
                // saved it.
                keys.grantAdmin(saved);
                return saved;
            }
        }
        String key = keys.createAdmin(TENANT, "dev mode");
        Files.writeString(file, key + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing to tighten.
        }
        return key;
    }

    private void deleteAllSandboxes() throws InterruptedException {
        KubernetesClient client = kubernetes.client();
        // Warm pools first, or the operator would refill them while their sandboxes are being deleted.
        client.resources(dev.sandbox.crd.SandboxWarmPool.class).inAnyNamespace().delete();
        List<Sandbox> all =
                client.resources(Sandbox.class).inAnyNamespace().list().getItems();
        if (all.isEmpty()) {
            return;
        }
        log.info("deleting {} sandboxes", all.size());
        all.forEach(s -> client.resource(s).delete());
        // One deadline for all of them (the operator removes them in parallel): what is left then is removed directly.
        long deadline = System.nanoTime() + DELETE_DEADLINE.toNanos();
        int left = all.size();
        while (System.nanoTime() < deadline) {
            left = client.resources(Sandbox.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .size();
            if (left == 0) {
                log.info("deleted {} sandboxes", all.size());
                return;
            }
            Thread.sleep(100);
        }
        log.warn(
                "{} sandboxes were not deleted within {} s; their containers are removed directly",
                left,
                DELETE_DEADLINE.toSeconds());
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
        OperatorConfig config =
                agentPort == 0 ? operatorConfig : operatorConfig.withAgent(agentPort, operatorConfig.agentToken());
        SandboxOperator next = new SandboxOperator(
                kubernetes.client(), wrap.apply(runtime), runtime, mirror, dataSource, config, false);
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

    /** The settings the embedded operator runs with. */
    public OperatorConfig operatorConfig() {
        return operatorConfig;
    }

    public String gatewayUrl() {
        return "http://" + ("0.0.0.0".equals(settings.gatewayHost()) ? "127.0.0.1" : settings.gatewayHost()) + ":"
                + gateway.port();
    }

    /** Base URL of the operator's metrics and health endpoints. */
    public String operatorUrl() {
        return "http://" + ("0.0.0.0".equals(settings.gatewayHost()) ? "127.0.0.1" : settings.gatewayHost()) + ":"
                + operator.httpPort();
    }

    public String apiKey() {
        return apiKey;
    }

    public Path kubeconfig() {
        return settings.home().resolve("kubeconfig");
    }

    /** Base URL of the in-memory Kubernetes API. */
    public String kubernetesUrl() {
        return kubernetes.url();
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

    /** The id every Docker object of this stack carries (kept in the state directory). */
    public String installation() {
        return state.installation();
    }

    public DevSettings settings() {
        return settings;
    }

    /**
     * Stops everything in order: the gateway stops taking calls (calls in flight are finished or cut), the operator
     * deletes every sandbox (with history rows), the operator and the mirror stop once everything is written, whatever is
     * left on the engine is removed and recorded, and PostgreSQL stops last. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (started.isEmpty()) {
            return;
        }
        long begin = System.nanoTime();
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
        log.info("stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself, or while the JVM exits: nothing to remove.
        }
    }

    private void closeAtExit() {
        if (!started.isEmpty()) {
            log.info("stopping: removing this run's sandboxes and shutting down");
        }
        close();
    }
}
