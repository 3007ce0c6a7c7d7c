package dev.sandbox.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.DatabaseSettings;
import dev.sandbox.db.ProcessEnvironment;
import dev.sandbox.db.ProcessLifecycle;
import dev.sandbox.db.ProcessLogging;
import dev.sandbox.db.SchemaOutdatedException;
import dev.sandbox.kube.KubernetesApi;
import dev.sandbox.operator.mirror.PostgresSandboxMirror;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator of one node in a cluster (the DaemonSet's process): configured by environment variables (see the
 * README), the Kubernetes API from the pod's service account (or {@code KUBECONFIG}), an external PostgreSQL whose
 * schema must be current. SIGTERM releases the scheduler lease, stops the informers and the node agent and exits;
 * sandboxes keep running and are adopted by the next start.
 */
public final class OperatorMain {
    private OperatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessLogging.configure();
        Logger log = LoggerFactory.getLogger(OperatorMain.class);
        ProcessLifecycle lifecycle = new ProcessLifecycle(log);
        Map<String, String> env = System.getenv();
        OperatorConfig config;
        DatabaseSettings databaseSettings;
        boolean serverSideApply;
        try {
            config = OperatorConfig.fromEnvironment(env);
            databaseSettings = DatabaseSettings.fromEnvironment(env);
            ProcessEnvironment settings = new ProcessEnvironment(env);
            serverSideApply = settings.flag("SANDBOX_SERVER_SIDE_APPLY", true);
            settings.required("SANDBOX_AGENT_TOKEN", "the gateway could not reach this node's agent");
        } catch (IllegalArgumentException e) {
            lifecycle.refuse(e.getMessage());
            return;
        }

        HikariDataSource database;
        try {
            database = databaseSettings.connect("sandbox-operator");
            String version = databaseSettings.awaitCurrentSchema(database);
            log.info("PostgreSQL at {} has schema version {}", databaseSettings.jdbcUrl(), version);
        } catch (SchemaOutdatedException | IllegalStateException e) {
            lifecycle.refuse(e.getMessage());
            return;
        }

        KubernetesClient client = KubernetesApi.connect();
        DockerContainerRuntime runtime = new DockerContainerRuntime(config.dockerHost());
        PostgresSandboxMirror mirror = new PostgresSandboxMirror(database);
        SandboxOperator operator = new SandboxOperator(client, runtime, mirror, database, config, serverSideApply);
        // The operator first (it gives up the scheduler lease and stops its informers and agent), then what it wrote
        // to.
        lifecycle.stopInOrderOnShutdown(
                "stopping the operator of node " + config.nodeName() + "; its sandboxes keep running",
                List.of(
                        new ProcessLifecycle.Part("the operator", operator),
                        new ProcessLifecycle.Part("the PostgreSQL mirror", mirror),
                        new ProcessLifecycle.Part("the Docker client", runtime),
                        new ProcessLifecycle.Part("the Kubernetes client", client),
                        new ProcessLifecycle.Part("the database pool", database)),
                "operator of node " + config.nodeName() + " stopped");
        lifecycle.start(operator::start);
        log.info("operator of node {} is running", config.nodeName());
        lifecycle.awaitShutdown();
    }
}
