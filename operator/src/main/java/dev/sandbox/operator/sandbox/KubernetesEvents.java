package dev.sandbox.operator.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes Kubernetes Events on a resource, so {@code kubectl describe} shows what happened to it. Best effort, and
 * in the background: a create sent from the reconcile itself would add a round trip to the API server to every step
 * of a sandbox's start (the benchmarks measured three per create).
 */
public final class KubernetesEvents {
  private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);
  private static final int MAX_QUEUED = 10_000;
  /**
   * One thread for the whole process keeps the events of each resource in order. When the API server cannot keep up,
   * events beyond the queue are dropped rather than holding up reconciles.
   */
  private static final ThreadPoolExecutor PUBLISHER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new LinkedBlockingQueue<>(MAX_QUEUED), r -> {
        Thread t = new Thread(r, "kubernetes-events");
        t.setDaemon(true);
        return t;
      }, (event, executor) -> log.debug("{} Kubernetes events are waiting to be published; dropping one", MAX_QUEUED));
  private final KubernetesClient client;
  private final String component;
  private final String node;

  public KubernetesEvents(KubernetesClient client, String component, String node) {
    this.client = client;
    this.component = component;
    this.node = node;
  }

  /**
   * Records a Normal or Warning event with a CamelCase reason, shortly after this call returns. Failures are logged,
   * never thrown.
   */
  public void publish(HasMetadata resource, boolean warning, String reason, String message) {
    String now = Instant.now().toString();
    // Built here: the reconcile goes on changing the resource object after this call.
    Event event = new EventBuilder()
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
        .build();
    PUBLISHER.execute(() -> {
      try {
        client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
      } catch (RuntimeException e) {
        // Also a client closed at shutdown before the event went out: events are best effort.
        log.debug("cannot publish event {} on {}: {}", reason, event.getInvolvedObject().getName(), e.getMessage());
      }
    });
  }
}
