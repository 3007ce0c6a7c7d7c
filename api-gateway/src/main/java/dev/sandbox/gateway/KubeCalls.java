package dev.sandbox.gateway;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls to the Kubernetes API with their failures turned into the REST API's errors. */
final class KubeCalls {
    private static final Logger log = LoggerFactory.getLogger(KubeCalls.class);

    private KubeCalls() {}

    /**
     * Runs a Kubernetes call: 404 and 409 keep their status, "cannot reach the API server" (and its 5xx) becomes 503;
     * a wait's time-out is left to the caller.
     */
    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientTimeoutException e) {
            throw e;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw ApiException.notFound(
                        e.getStatus() != null ? e.getStatus().getMessage() : "not found");
            }
            if (e.getCode() == 409) {
                throw ApiException.conflict(
                        e.getStatus() != null ? e.getStatus().getMessage() : "conflict");
            }
            if (e.getCode() == 0 || e.getCause() instanceof IOException || e.getCode() >= 500) {
                log.warn("Kubernetes API call failed: {}", e.toString());
                throw ApiException.unavailable("the Kubernetes API is unreachable; try again shortly");
            }
            throw e;
        }
    }
}
