package dev.sandbox.gateway;

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
 * Kubernetes Events the gateway itself publishes (a warm-pool claim or a cold start of a template), sent in the
 * background by one thread so that no create waits for them. Best effort: failures are logged at debug level.
 */
final class GatewayEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayEvents.class);
    private final KubernetesClient client;
    private final ThreadPoolExecutor sender =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "gateway-events");
                t.setDaemon(true);
                return t;
            });

    GatewayEvents(KubernetesClient client) {
        this.client = client;
    }

    void publish(HasMetadata resource, String reason, String message) {
        String now = Instant.now().toString();
        Event event = new EventBuilder()
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
                .withType("Normal")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent("sandbox-gateway")
                .endSource()
                .build();
        try {
            sender.execute(() -> {
                try {
                    client.v1()
                            .events()
                            .inNamespace(event.getMetadata().getNamespace())
                            .resource(event)
                            .create();
                } catch (KubernetesClientException e) {
                    log.debug(
                            "cannot publish event {} on {}: {}",
                            reason,
                            resource.getMetadata().getName(),
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn(
                    "dropped event {} on {}: too many are waiting",
                    reason,
                    resource.getMetadata().getName());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
