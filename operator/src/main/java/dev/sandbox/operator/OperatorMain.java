package dev.sandbox.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.DatabaseSettings;
import dev.sandbox.db.ProcessLogging;
import dev.sandbox.db.SchemaOutdatedException;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator of one node in a cluster (the DaemonSet's process): configured by environment variables (see the
 * README), the Kubernetes API from the pod's service account (or {@code KUBECONFIG}), an external PostgreSQL whose
 * schema must be current. SIGTERM releases the scheduler lease, stops the informers and the node agent and exits;
 * sandboxes keep running and are adopted by the next start.
 */
public final class OperatorMain {
    /** Exit status for a configuration error or a database that is not ready for this version. */
    static final int EXIT_CONFIG = 2;

    private OperatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessLogging.configure();
        Logger log = LoggerFactory.getLogger(OperatorMain.class);
        Map<String, String> env = System.getenv();
        OperatorConfig config;
        DatabaseSettings databaseSettings;
        boolean serverSideApply;
        try {
            config = OperatorConfig.fromEnvironment(env);
            databaseSettings = DatabaseSettings.fromEnvironment(env);
            serverSideApply = Boolean.parseBoolean(env.getOrDefault("SANDBOX_SERVER_SIDE_APPLY", "true"));
            if (!env.containsKey("SANDBOX_AGENT_TOKEN")) {
                throw new IllegalArgumentException(
                        "SANDBOX_AGENT_TOKEN is not set: the gateway could not reach this node's agent");
            }
        } catch (IllegalArgumentException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }

        HikariDataSource database;
        try {
            database = databaseSettings.connect("sandbox-operator");
            String version = databaseSettings.awaitCurrentSchema(database);
            log.info("PostgreSQL at {} has schema version {}", databaseSettings.jdbcUrl(), version);
        } catch (SchemaOutdatedException | IllegalStateException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }

        KubernetesClient client = kubernetesClient();
        DockerContainerRuntime runtime = new DockerContainerRuntime(config.dockerHost());
        PostgresSandboxMirror mirror = new PostgresSandboxMirror(database);
        SandboxOperator operator = new SandboxOperator(client, runtime, mirror, database, config, serverSideApply);
        CountDownLatch stopped = new CountDownLatch(1);
        // One hook that stops everything in order (hooks of their own would run concurrently): the operator first (it
        // gives up the scheduler lease and stops its informers and agent), then what it wrote to.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping the operator of node {}; its sandboxes keep running", config.nodeName());
                            closeQuietly(log, operator);
                            closeQuietly(log, mirror);
                            closeQuietly(log, runtime);
                            closeQuietly(log, client);
                            closeQuietly(log, database);
                            log.info("operator of node {} stopped", config.nodeName());
                            stopped.countDown();
                        },
                        "shutdown"));
        try {
            operator.start();
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.getMessage(), e);
            System.exit(1);
        }
        log.info("operator of node {} is running", config.nodeName());
        stopped.await();
    }

    /**
     * A client from the pod's service account (in a cluster) or the kubeconfig in {@code KUBECONFIG}, over the JDK's HTTP
     * client (the one the project ships).
     */
    static KubernetesClient kubernetesClient() {
        Config config = Config.autoConfigure(null);
        if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http:")) {
            // Plain HTTP (a local test API): the JDK client would otherwise try an HTTP/2 upgrade on every request.
            config.setHttp2Disable(true);
        }
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    private static void closeQuietly(Logger log, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
