package dev.sandbox.operator;

import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.db.UsageSamples;
import dev.sandbox.operator.agent.AgentLimits;
import dev.sandbox.operator.agent.NodeAgent;
import dev.sandbox.operator.cleanup.CleanupWorker;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.monitor.OperatorHealth;
import dev.sandbox.operator.monitor.OperatorHttpServer;
import dev.sandbox.operator.monitor.OperatorMetrics;
import dev.sandbox.operator.monitor.UsageCache;
import dev.sandbox.operator.monitor.UsageSampler;
import dev.sandbox.operator.network.IptablesFirewall;
import dev.sandbox.operator.network.SandboxFirewall;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.node.NodeAnnouncer;
import dev.sandbox.operator.node.NodeCapacityReporter;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.sandbox.SandboxReconciler;
import dev.sandbox.operator.schedule.SandboxScheduler;
import dev.sandbox.operator.snapshot.SnapshotGuard;
import dev.sandbox.operator.snapshot.SnapshotReconciler;
import dev.sandbox.operator.volume.NetworkVolumeClassReconciler;
import dev.sandbox.operator.volume.NetworkVolumeReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's operator: the Sandbox and NetworkVolume controllers over a container runtime and the mirror, the usage
 * sampler, the clean-up, and the HTTP endpoints for metrics and health.
 * One node's operator: the Sandbox and NetworkVolume controllers over a container runtime and the mirror, plus the
 * node agent through which the gateway reaches this node's sandboxes, announced in a ConfigMap.
 */
public final class SandboxOperator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxOperator.class);
    private final Operator operator;
    private final OperatorConfig config;
    private final NodeCapacityReporter capacity;
    private final SandboxScheduler scheduler;
    private final dev.sandbox.operator.pool.WarmPoolController pools;
    private final OperatorMetrics metrics;
    private final OperatorHealth health;
    private final UsageSampler sampler;
    private final SandboxReconciler sandboxes;
    private final CleanupWorker cleanup;
    private final SandboxFirewall firewall;
    private OperatorHttpServer http;
    private final NodeAgent agent;
    private final KubernetesClient client;
    private NodeAnnouncer announcer;

    /**
     * @param database PostgreSQL with the project's schema: usage samples are written there
     * @param useServerSideApply false against API servers without server-side apply (the in-memory one of dev mode):
     *     status and finalizers are then written with JSON patches
     */
    public SandboxOperator(
            KubernetesClient client,
            ContainerRuntime runtime,
            SandboxMirror mirror,
            DataSource database,
            OperatorConfig config,
            boolean useServerSideApply) {
        this(
                client,
                runtime,
                runtime instanceof ContainerIo io ? io : null,
                mirror,
                database,
                config,
                useServerSideApply);
    }

    /**
     * @param io the engine's streaming side for the node agent, or null to serve no agent; given apart from
     *     {@code runtime} so that a wrapped runtime (one that watches the reconcilers' calls) keeps the agent working
     */
    public SandboxOperator(
            KubernetesClient client,
            ContainerRuntime runtime,
            ContainerIo io,
            SandboxMirror mirror,
            DataSource database,
            OperatorConfig configured,
            boolean useServerSideApply) {
        // Before anything that makes, adopts or sweeps Docker objects: they are all told apart by this identity.
        OperatorConfig config = configured.installation() != null
                ? configured
                : configured.withInstallation(InstallationIdentity.resolve(client, configured.systemNamespace(), null));
        log.info("operator for node {} of installation {}", config.nodeName(), config.installation());
        this.config = config;
        this.capacity = new NodeCapacityReporter(client, runtime, config);
        this.scheduler = config.schedulerEnabled() ? new SandboxScheduler(client, config) : null;
        // Every instance stands for election; the leader fills the warm pools and merges templates into Sandboxes.
        this.pools = new dev.sandbox.operator.pool.WarmPoolController(client, config);
        this.client = client;
        // The agent needs the streaming side of the engine; the Docker runtime has it, a test double of the
        // reconcilers'
        // interface may not, and then this operator simply serves no agent.
        this.agent = io != null ? new NodeAgent(config, io, AgentLimits.defaults()) : null;
        this.operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(useServerSideApply)
                .withCloseClientOnStop(false)
                .withStopOnInformerErrorDuringStartup(true)
                .withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
        UsageCache usage = new UsageCache();
        SnapshotGuard snapshotting = new SnapshotGuard();
        this.firewall = config.network().firewall() ? new IptablesFirewall() : SandboxFirewall.disabled();
        this.sandboxes = new SandboxReconciler(runtime, config, mirror, client, usage, snapshotting, firewall);
        operator.register(sandboxes, c -> {
            // Never give up on a sandbox: a Docker engine or API server outage can outlast any fixed number of
            // attempts.
            c.withRetry(new GenericRetry()
                    .setInitialInterval(1000)
                    .setIntervalMultiplier(2)
                    .setMaxInterval(30_000)
                    .withoutMaxAttempts());
            c.withFinalizer(Sandbox.FINALIZER);
            if (config.namespace() != null) {
                c.settingNamespaces(config.namespace());
            }
        });
        if (snapshotsInstalled(client, config)) {
            operator.register(new SnapshotReconciler(runtime, config, client, mirror, snapshotting), c -> {
                c.withRetry(new GenericRetry()
                        .setInitialInterval(1000)
                        .setIntervalMultiplier(2)
                        .setMaxInterval(30_000)
                        .withoutMaxAttempts());
                c.withFinalizer(SandboxSnapshot.FINALIZER);
                if (config.namespace() != null) {
                    c.settingNamespaces(config.namespace());
                }
            });
        } else {
            log.warn(
                    "the SandboxSnapshot resource type is not installed in the cluster (CRD sandboxsnapshots.sandbox.dev); snapshots are off"
                            + " on node {} until it is installed and the operator restarted",
                    config.nodeName());
        }
        operator.register(new NetworkVolumeReconciler(runtime, config, client), c -> {
            if (config.namespace() != null) {
                c.settingNamespaces(config.namespace());
            }
        });
        // Cluster-scoped: every operator instance watches the classes, whatever namespace it serves.
        operator.register(
                new NetworkVolumeClassReconciler(client, config.namespace()),
                c -> c.withFinalizer(NetworkVolumeClass.FINALIZER));
        this.metrics =
                new OperatorMetrics(config.nodeName(), config.monitoring().perSandboxMetrics());
        metrics.phases(sandboxes::phaseCounts);
        this.health = new OperatorHealth(
                operator, runtime, database, config.monitoring().livenessGrace());
        this.sampler =
                new UsageSampler(runtime, usage, new UsageSamples(database), metrics, config, sandboxes::refreshUsage);
        this.cleanup = new CleanupWorker(client, runtime, mirror, database, metrics, config, firewall);
    }

    /**
     * Whether the SandboxSnapshot CRD is installed: an operator started before it (or on an API server without it) keeps
     * running sandboxes instead of failing its start on a watch that cannot be opened.
     */
    private static boolean snapshotsInstalled(KubernetesClient client, OperatorConfig config) {
        try {
            (config.namespace() == null
                            ? client.resources(SandboxSnapshot.class).inAnyNamespace()
                            : client.resources(SandboxSnapshot.class).inNamespace(config.namespace()))
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                            .withLimit(1L)
                            .build());
            return true;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            // Anything else (API server unreachable, no permission) shows itself when the controllers start.
            return true;
        }
    }

    /**
     * Starts the HTTP endpoints (so liveness answers during start-up), then the controllers (returning once their
     * informers have synced), then sampling and clean-up.
     */
    public void start() {
        log.info(
                "operator for node {} starting (namespace: {})",
                config.nodeName(),
                config.namespace() == null ? "all" : config.namespace());
        startFirewall();
        http = new OperatorHttpServer(
                        config.monitoring().httpHost(), config.monitoring().httpPort(), metrics, health)
                .start();
        if (agent != null) {
            agent.start();
            announcer = new NodeAnnouncer(client, config.announceNamespace(), config.nodeName(), agent.url());
            announcer.start();
        }
        operator.start();
        capacity.start();
        if (scheduler != null) {
            scheduler.start();
        }
        pools.start();
        health.started();
        sampler.start();
        cleanup.start();
    }

    /**
     * Puts the node's shared firewall chains in place before any sandbox is reconciled. A failure is logged, not fatal:
     * sandboxes without a network run as ever, and those with one are not started until their rules can be written.
     */
    private void startFirewall() {
        if (!firewall.enabled()) {
            log.warn(
                    "firewall off (SANDBOX_FIREWALL=false): sandboxes with a network can reach this node, the cluster and each other");
            return;
        }
        try {
            firewall.ensureBase();
            log.info(
                    "firewall: sandbox networks confined (blocked ranges {}, resolvers {}, node ports {})",
                    config.network().blockedCidrs(),
                    config.network().dnsServers(),
                    config.network().portRange());
        } catch (RuntimeException e) {
            log.error("firewall: {}; sandboxes with a network will not start until this is fixed", e.getMessage());
        }
    }

    /** This operator's settings, with the installation id resolved. */
    public OperatorConfig config() {
        return config;
    }

    /** Port of the metrics and health endpoints (useful when configured as 0). */
    public int httpPort() {
        return http.port();
    }

    public OperatorMetrics metrics() {
        return metrics;
    }

    /** The usage sampler of this node (runs on its own schedule; {@link UsageSampler#pass()} runs one pass now). */
    public UsageSampler sampler() {
        return sampler;
    }

    /** The node agent, when this operator serves one. */
    public NodeAgent agent() {
        return agent;
    }

    /** The warm-pool controller of this instance (acting only while it holds the lease). */
    public dev.sandbox.operator.pool.WarmPoolController pools() {
        return pools;
    }

    @Override
    public void close() {
        pools.close();
        if (scheduler != null) {
            scheduler.close();
        }
        capacity.close();
        health.stopped();
        cleanup.close();
        sampler.close();
        if (announcer != null) {
            announcer.close();
        }
        operator.stop();
        sandboxes.close();
        if (agent != null) {
            agent.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
