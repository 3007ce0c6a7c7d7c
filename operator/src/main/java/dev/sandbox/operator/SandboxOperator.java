package dev.sandbox.operator;

import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.node.NodeCapacityReporter;
import dev.sandbox.operator.schedule.SandboxScheduler;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.sandbox.SandboxReconciler;
import dev.sandbox.operator.volume.NetworkVolumeReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One node's operator: the Sandbox and NetworkVolume controllers over a container runtime and the mirror. */
public final class SandboxOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxOperator.class);
  private final Operator operator;
  private final OperatorConfig config;
  private final NodeCapacityReporter capacity;
  private final SandboxScheduler scheduler;

  /**
   * @param useServerSideApply false against API servers without server-side apply (the in-memory one of dev mode):
   *     status and finalizers are then written with JSON patches
   */
  public SandboxOperator(KubernetesClient client, ContainerRuntime runtime, SandboxMirror mirror, OperatorConfig config,
      boolean useServerSideApply) {
    this.config = config;
    this.capacity = new NodeCapacityReporter(client, runtime, config);
    this.scheduler = config.schedulerEnabled() ? new SandboxScheduler(client, config) : null;
    this.operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(useServerSideApply)
        .withCloseClientOnStop(false)
        .withStopOnInformerErrorDuringStartup(true)
        .withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
    operator.register(new SandboxReconciler(runtime, config, mirror, client), c -> {
      // Never give up on a sandbox: a Docker engine or API server outage can outlast any fixed number of attempts.
      c.withRetry(new GenericRetry().setInitialInterval(1000).setIntervalMultiplier(2).setMaxInterval(30_000).withoutMaxAttempts());
      if (config.namespace() != null) {
        c.settingNamespaces(config.namespace());
      }
    });
    operator.register(new NetworkVolumeReconciler(runtime, config, client), c -> {
      if (config.namespace() != null) {
        c.settingNamespaces(config.namespace());
      }
    });
  }

  public void start() {
    log.info("operator for node {} starting (namespace: {})", config.nodeName(), config.namespace() == null ? "all" : config.namespace());
    operator.start();
    capacity.start();
    if (scheduler != null) {
      scheduler.start();
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    capacity.close();
    operator.stop();
  }
}
