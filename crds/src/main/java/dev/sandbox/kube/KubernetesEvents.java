package dev.sandbox.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes Kubernetes Events on a resource, so {@code kubectl describe} shows what happened to it. Best effort: either
 * at once, or in the background, in order, from one thread of its own (a reconcile or a REST call then waits for no
 * API round trip). The operator's controllers and the gateway (warm-pool claims, cold starts) both write through it.
 */
public final class KubernetesEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);
    /** Events waiting to be sent in the background; beyond that they are dropped (and logged), never blocking anyone. */
    private static final int BACKLOG = 10_000;

    private final KubernetesClient client;
    private final String component;
    private final String node;
    private final ThreadPoolExecutor sender;

    public KubernetesEvents(KubernetesClient client, String component, String node) {
        this(client, component, node, null);
    }

    private KubernetesEvents(KubernetesClient client, String component, String node, ThreadPoolExecutor sender) {
        this.client = client;
        this.component = component;
        this.node = node;
        this.sender = sender;
    }

    /** Events sent in the background by one thread, in the order they were published; {@link #close()} stops it. */
    public static KubernetesEvents inBackground(KubernetesClient client, String component, String node) {
        ThreadPoolExecutor sender =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(BACKLOG), r -> {
                    Thread t = new Thread(r, "kubernetes-events-" + component);
                    t.setDaemon(true);
                    return t;
                });
        return new KubernetesEvents(client, component, node, sender);
    }

    /** Records a Normal or Warning event with a CamelCase reason. Failures are logged, never thrown. */
    public void publish(HasMetadata resource, boolean warning, String reason, String message) {
        Event event = event(resource, warning, reason, message);
        if (sender == null) {
            send(event);
            return;
        }
        try {
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            log.warn(
                    "dropped event {} on {}: {} events are waiting to be sent already",
                    reason,
                    resource.getMetadata().getName(),
                    BACKLOG);
        }
    }

    private void send(Event event) {
        try {
            client.v1()
                    .events()
                    .inNamespace(event.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            log.debug(
                    "cannot publish event {} on {}: {}",
                    event.getReason(),
                    event.getInvolvedObject().getName(),
                    e.getMessage());
        }
    }

    /** Sends what is waiting (for a few seconds at most), then stops the background thread. */
    @Override
    public void close() {
        if (sender == null) {
            return;
        }
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                log.info(
                        "{} events were not sent before shutdown",
                        sender.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
    }

    private Event event(HasMetadata resource, boolean warning, String reason, String message) {
        String now = Instant.now().toString();
        return new EventBuilder()
                .withNewMetadata()
                .withName(resource.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 8))
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
    }
}
