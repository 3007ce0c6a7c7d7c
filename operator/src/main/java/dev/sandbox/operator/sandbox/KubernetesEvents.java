package dev.sandbox.operator.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes Kubernetes Events on a resource, so {@code kubectl describe} shows what happened to it. Best effort. */
public final class KubernetesEvents {
  private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);
  private final KubernetesClient client;
  private final String component;
  private final String node;

  public KubernetesEvents(KubernetesClient client, String component, String node) {
    this.client = client;
    this.component = component;
    this.node = node;
  }

  /** Records a Normal or Warning event with a CamelCase reason. Failures are logged, never thrown. */
  public void publish(HasMetadata resource, boolean warning, String reason, String message) {
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata()
          .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(resource.getMetadata().getNamespace())
          .endMetadata()
          .withNewInvolvedObject()
          .withApiVersion(resource.getApiVersion())
          .withKind(resource.getKind())
          .withName(resource.getMetadata().getName())
          .withNamespace(resource.getMetadata().getNamespace())
          .withUid(resource.getMetadata().getUid())
          .endInvolvedObject()
          .withType(warning ? "Warning" : "Normal")
          .withReason(reason)
          .withMessage(message)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .withNewSource()
          .withComponent(component)
          .withHost(node)
          .endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      log.debug("cannot publish event {} on {}: {}", reason, resource.getMetadata().getName(), e.getMessage());
    }
  }
}
