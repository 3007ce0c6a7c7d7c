package dev.sandbox.operator;

import dev.sandbox.operator.agent.AgentLimits;
import dev.sandbox.operator.agent.NodeAgent;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.node.NodeAnnouncer;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.sandbox.SandboxReconciler;
import dev.sandbox.operator.volume.NetworkVolumeReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's operator: the Sandbox and NetworkVolume controllers over a container runtime and the mirror, plus the
 * node agent through which the gateway reaches this node's sandboxes, announced in a ConfigMap.
 */
public final class SandboxOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxOperator.class);
  private final Operator operator;
  private final OperatorConfig config;
  private final NodeAgent agent;
  private final KubernetesClient client;
  private NodeAnnouncer announcer;

  /**
   * @param useServerSideApply false against API servers without server-side apply (the in-memory one of dev mode):
   *     status and finalizers are then written with JSON patches
   */
  public SandboxOperator(KubernetesClient client, ContainerRuntime runtime, SandboxMirror mirror, OperatorConfig config,
      boolean useServerSideApply) {
    this.config = config;
    this.client = client;
    // The agent needs the streaming side of the engine; the Docker runtime has it, a test double of the reconcilers'
    // interface may not, and then this operator simply serves no agent.
    this.agent = runtime instanceof ContainerIo io ? new NodeAgent(config, io, AgentLimits.defaults()) : null;
    this.operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(useServerSideApply)
        .withCloseClientOnStop(false)
        .withStopOnInformerErrorDuringStartup(true)
        .withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
    operator.register(new SandboxReconciler(runtime, config, mirror, client), c -> {
      if (config.namespace() != null) {
        c.settingNamespaces(config.namespace());
      }
    });
    operator.register(new NetworkVolumeReconciler(runtime, config), c -> {
      if (config.namespace() != null) {
        c.settingNamespaces(config.namespace());
      }
    });
  }

  public void start() {
    log.info("operator for node {} starting (namespace: {})", config.nodeName(), config.namespace() == null ? "all" : config.namespace());
    if (agent != null) {
      agent.start();
      announcer = new NodeAnnouncer(client, config.announceNamespace(), config.nodeName(), agent.url());
      announcer.start();
    }
    operator.start();
  }

  /** The node agent, when this operator serves one. */
  public NodeAgent agent() {
    return agent;
  }

  @Override
  public void close() {
    if (announcer != null) {
      announcer.close();
    }
    operator.stop();
    if (agent != null) {
      agent.close();
    }
  }
}
