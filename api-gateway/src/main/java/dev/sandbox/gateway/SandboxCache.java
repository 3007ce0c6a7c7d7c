package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of the namespace's Sandbox resources, kept by a watch, so that exec, file and preview calls do not each
 * cost a read from the Kubernetes API. Until the watch has delivered its first complete list it answers nothing and
 * callers read the API instead.
 */
final class SandboxCache {
    private static final Logger log = LoggerFactory.getLogger(SandboxCache.class);

    private final KubernetesClient client;
    private final String namespace;
    private volatile SharedIndexInformer<Sandbox> informer;

    SandboxCache(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Starts the watch; does not wait for the first list. */
    void start() {
        SharedIndexInformer<Sandbox> started =
                client.resources(Sandbox.class).inNamespace(namespace).runnableInformer(0);
        started.start().whenComplete((ok, error) -> {
            if (error != null) {
                log.warn(
                        "the gateway's Sandbox cache did not start, every lookup reads the Kubernetes API: {}",
                        error.toString());
            }
        });
        informer = started;
    }

    /** Whether the watch has delivered its first complete list. */
    boolean synced() {
        SharedIndexInformer<Sandbox> current = informer;
        return current != null && current.hasSynced();
    }

    void stop() {
        SharedIndexInformer<Sandbox> current = informer;
        informer = null;
        if (current != null) {
            current.stop();
        }
    }

    /** Every sandbox of the namespace, or null when the cache is not ready. */
    List<Sandbox> all() {
        SharedIndexInformer<Sandbox> current = informer;
        return current == null || !current.hasSynced()
                ? null
                : current.getStore().list();
    }

    /** The copy of a sandbox that is not being deleted; null when there is none or the cache is not ready. */
    Sandbox get(String id) {
        SharedIndexInformer<Sandbox> current = informer;
        if (current == null || !current.hasSynced()) {
            return null;
        }
        Sandbox sandbox = current.getStore().getByKey(namespace + "/" + id);
        return sandbox == null || sandbox.getMetadata().getDeletionTimestamp() != null ? null : sandbox;
    }
}
