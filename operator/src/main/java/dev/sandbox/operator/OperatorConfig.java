package dev.sandbox.operator;

import dev.sandbox.crd.Quantities;
import dev.sandbox.db.ProcessEnvironment;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings of one operator instance (one per node). Read from the environment by {@link #fromEnvironment(Map)}; every
 * setting has a default that suits a single machine.
 *
 * @param nodeName this node's name; the instance reconciles only sandboxes bound to it
 * @param claimUnbound bind sandboxes that no scheduler has bound yet to this node (single-node installations)
 * @param namespace namespace to watch, or null for all
 * @param dockerHost Docker engine address, e.g. {@code unix:///var/run/docker.sock}
 * @param publishHostAddress host address that published sandbox ports bind to
 * @param pidsLimit process limit per sandbox
 * @param nofile open-files limit per sandbox
 * @param tmpfsTmpBytes size of each sandbox's /tmp
 * @param logMaxSize container log cap per file
 * @param logMaxFiles container log files kept
 * @param stopTimeout grace period between SIGTERM and SIGKILL when a sandbox is stopped or deleted
 * @param resyncInterval how often each sandbox is re-checked even without events
 * @param schedulerEnabled take part in electing the scheduler that binds new sandboxes to nodes with room
 * @param nodeCpu CPU cores this node offers to sandboxes (0 = all the Docker engine reports)
 * @param nodeMemoryBytes memory this node offers to sandboxes (0 = all the Docker engine reports)
 * @param systemNamespace namespace for node records and the scheduler's lease
 * @param monitoring resource sampling, metrics and health endpoints
 * @param cleanup idle timeout, orphan sweep and stale records
 * @param agentHost address the node agent listens on; keep it on loopback or a node-internal address that sandboxes
 *     cannot reach (they have no network, or a bridge of their own that does not route to it)
 * @param agentPort port of the node agent (0 picks a free one)
 * @param agentToken shared secret the gateway must send as {@code Authorization: Bearer <token>}
 * @param execUsers users a command may run as besides the sandbox's own: uids, uid ranges such as
 *     {@code 1000-65534}, or names, comma-separated; root only ever when the sandbox itself runs as root
 * @param installation identity of the installation this operator belongs to, carried as a label by every Docker object
 *     it makes; adoption, orphan sweeps and leftover removal look only at objects with this identity, so two
 *     installations can share one Docker engine. Null: read (or create) the cluster's own in the ConfigMap
 *     {@value dev.sandbox.operator.node.InstallationIdentity#CONFIG_MAP} of the system namespace when the operator starts
 * @param disk workspace file systems: on or off, where, and the cluster's largest {@code resources.disk}
 * @param network network isolation, egress rules and the node port range
 */
public record OperatorConfig(
        String nodeName,
        boolean claimUnbound,
        String namespace,
        String dockerHost,
        String publishHostAddress,
        long pidsLimit,
        long nofile,
        long tmpfsTmpBytes,
        String logMaxSize,
        int logMaxFiles,
        Duration stopTimeout,
        Duration resyncInterval,
        boolean schedulerEnabled,
        double nodeCpu,
        long nodeMemoryBytes,
        String systemNamespace,
        MonitoringConfig monitoring,
        CleanupConfig cleanup,
        String agentHost,
        int agentPort,
        String agentToken,
        String execUsers,
        String installation,
        DiskConfig disk,
        NetworkConfig network) {

    public static final String DEFAULT_EXEC_USERS = "1000-65534";

    /**
     * Defaults for one machine: node {@code local}, claims unbound sandboxes, local Docker socket, ports and the node
     * agent on 127.0.0.1 (agent port 7070), and a random agent token for this process.
     */
    public static OperatorConfig defaults() {
        return new OperatorConfig(
                "local",
                true,
                null,
                "unix:///var/run/docker.sock",
                "127.0.0.1",
                512,
                4096,
                64L * 1024 * 1024,
                "10m",
                3,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                false,
                0,
                0,
                "default",
                MonitoringConfig.defaults(),
                CleanupConfig.defaults(),
                "127.0.0.1",
                7070,
                randomToken(),
                DEFAULT_EXEC_USERS,
                null,
                DiskConfig.defaults(),
                NetworkConfig.defaults());
    }

    /** A fresh random token, for when none is configured (then only this process knows it). */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Reads {@code SANDBOX_NODE_NAME}, {@code SANDBOX_CLAIM_UNBOUND}, {@code SANDBOX_NAMESPACE}, {@code DOCKER_HOST},
     * ..., {@code SANDBOX_AGENT_HOST}, {@code SANDBOX_AGENT_PORT}, {@code SANDBOX_AGENT_TOKEN}, {@code SANDBOX_EXEC_USERS}.
     *
     * @throws IllegalArgumentException naming the variable that is malformed
     */
    public static OperatorConfig fromEnvironment(Map<String, String> env) {
        OperatorConfig d = defaults();
        ProcessEnvironment settings = new ProcessEnvironment(env);
        boolean claimUnbound = settings.flag("SANDBOX_CLAIM_UNBOUND", d.claimUnbound());
        return new OperatorConfig(
                settings.text("SANDBOX_NODE_NAME", d.nodeName()),
                claimUnbound,
                settings.text("SANDBOX_NAMESPACE", d.namespace()),
                settings.text("DOCKER_HOST", d.dockerHost()),
                settings.text("SANDBOX_PUBLISH_ADDRESS", d.publishHostAddress()),
                settings.number("SANDBOX_PIDS_LIMIT", d.pidsLimit()),
                settings.number("SANDBOX_NOFILE", d.nofile()),
                settings.number("SANDBOX_TMP_BYTES", d.tmpfsTmpBytes()),
                settings.text("SANDBOX_LOG_MAX_SIZE", d.logMaxSize()),
                settings.integer("SANDBOX_LOG_MAX_FILES", d.logMaxFiles()),
                settings.seconds("SANDBOX_STOP_TIMEOUT_SECONDS", d.stopTimeout()),
                settings.seconds("SANDBOX_RESYNC_SECONDS", d.resyncInterval()),
                // A node that claims nothing by itself is one of several: it takes part in scheduling unless told not
                // to.
                settings.flag("SANDBOX_SCHEDULER", !claimUnbound),
                settings.decimal("SANDBOX_NODE_CPU", d.nodeCpu()),
                settings.parsed("SANDBOX_NODE_MEMORY", Quantities::parseBytes, d.nodeMemoryBytes()),
                settings.text("SANDBOX_SYSTEM_NAMESPACE", d.systemNamespace()),
                MonitoringConfig.fromEnvironment(env),
                CleanupConfig.fromEnvironment(env),
                settings.text("SANDBOX_AGENT_HOST", d.agentHost()),
                settings.port("SANDBOX_AGENT_PORT", d.agentPort()),
                settings.text("SANDBOX_AGENT_TOKEN", d.agentToken()),
                settings.text("SANDBOX_EXEC_USERS", d.execUsers()),
                settings.optional("SANDBOX_INSTALLATION_ID"),
                DiskConfig.fromEnvironment(env),
                NetworkConfig.fromEnvironment(env));
    }

    /**
     * The namespace this instance announces its node agent in: the system namespace, beside the node records and the
     * scheduler's lease (the installation's own namespace in a cluster), whichever namespaces it watches.
     */
    public String announceNamespace() {
        return systemNamespace;
    }

    /** A copy with another node name. */
    public OperatorConfig withNodeName(String name) {
        return copy(c -> c.nodeName = name);
    }

    /** A copy that re-checks every sandbox this often. */
    public OperatorConfig withResyncInterval(Duration interval) {
        return copy(c -> c.resyncInterval = interval);
    }

    /**
     * A copy for a node of a multi-node cluster: no claiming of unbound sandboxes, a scheduler candidate, offering the
     * given capacity.
     */
    public OperatorConfig forCluster(String name, double cpu, long memoryBytes) {
        return copy(c -> {
            c.nodeName = name;
            c.claimUnbound = false;
            c.schedulerEnabled = true;
            c.nodeCpu = cpu;
            c.nodeMemoryBytes = memoryBytes;
        });
    }

    /** A copy with other monitoring settings. */
    public OperatorConfig withMonitoring(MonitoringConfig newMonitoring) {
        return copy(c -> c.monitoring = newMonitoring);
    }

    /** A copy with other clean-up settings. */
    public OperatorConfig withCleanup(CleanupConfig newCleanup) {
        return copy(c -> c.cleanup = newCleanup);
    }

    /** A copy that caps each container's log at {@code maxFiles} files of {@code maxSize} (such as {@code 100m}). */
    public OperatorConfig withLogLimits(String maxSize, int maxFiles) {
        return copy(c -> {
            c.logMaxSize = maxSize;
            c.logMaxFiles = maxFiles;
        });
    }

    /** A copy whose node agent listens on {@code port} (0 = any free port) and expects {@code token}. */
    public OperatorConfig withAgent(int port, String token) {
        return copy(c -> {
            c.agentPort = port;
            c.agentToken = token;
        });
    }

    /** A copy with other network settings. */
    public OperatorConfig withNetwork(NetworkConfig newNetwork) {
        return copy(c -> c.network = newNetwork);
    }

    /** A copy that labels its Docker objects with, and looks only at objects of, installation {@code id}. */
    public OperatorConfig withInstallation(String id) {
        return copy(c -> c.installation = id);
    }

    /** A copy with other workspace file system settings. */
    public OperatorConfig withDisk(DiskConfig newDisk) {
        return copy(c -> c.disk = newDisk);
    }

    /** The one place a changed copy is made: every {@code with...} method changes only its own settings. */
    private OperatorConfig copy(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The settings of a copy while they are being changed. */
    private static final class Draft {
        String nodeName;
        boolean claimUnbound;
        final String namespace;
        final String dockerHost;
        final String publishHostAddress;
        final long pidsLimit;
        final long nofile;
        final long tmpfsTmpBytes;
        String logMaxSize;
        int logMaxFiles;
        final Duration stopTimeout;
        Duration resyncInterval;
        boolean schedulerEnabled;
        double nodeCpu;
        long nodeMemoryBytes;
        final String systemNamespace;
        MonitoringConfig monitoring;
        CleanupConfig cleanup;
        final String agentHost;
        int agentPort;
        String agentToken;
        final String execUsers;
        String installation;
        DiskConfig disk;
        NetworkConfig network;

        Draft(OperatorConfig c) {
            nodeName = c.nodeName;
            claimUnbound = c.claimUnbound;
            namespace = c.namespace;
            dockerHost = c.dockerHost;
            publishHostAddress = c.publishHostAddress;
            pidsLimit = c.pidsLimit;
            nofile = c.nofile;
            tmpfsTmpBytes = c.tmpfsTmpBytes;
            logMaxSize = c.logMaxSize;
            logMaxFiles = c.logMaxFiles;
            stopTimeout = c.stopTimeout;
            resyncInterval = c.resyncInterval;
            schedulerEnabled = c.schedulerEnabled;
            nodeCpu = c.nodeCpu;
            nodeMemoryBytes = c.nodeMemoryBytes;
            systemNamespace = c.systemNamespace;
            monitoring = c.monitoring;
            cleanup = c.cleanup;
            agentHost = c.agentHost;
            agentPort = c.agentPort;
            agentToken = c.agentToken;
            execUsers = c.execUsers;
            installation = c.installation;
            disk = c.disk;
            network = c.network;
        }

        OperatorConfig build() {
            return new OperatorConfig(
                    nodeName,
                    claimUnbound,
                    namespace,
                    dockerHost,
                    publishHostAddress,
                    pidsLimit,
                    nofile,
                    tmpfsTmpBytes,
                    logMaxSize,
                    logMaxFiles,
                    stopTimeout,
                    resyncInterval,
                    schedulerEnabled,
                    nodeCpu,
                    nodeMemoryBytes,
                    systemNamespace,
                    monitoring,
                    cleanup,
                    agentHost,
                    agentPort,
                    agentToken,
                    execUsers,
                    installation,
                    disk,
                    network);
        }
    }
}
