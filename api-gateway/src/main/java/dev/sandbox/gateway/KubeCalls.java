package dev.sandbox.gateway;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls to the Kubernetes API with their failures turned into the REST API's errors. */
final class KubeCalls {
    private static final Logger log = LoggerFactory.getLogger(KubeCalls.class);

    /** How long one slice of a wait trusts the watch before reading the resource directly. */
    private static final Duration RECHECK = Duration.ofSeconds(2);

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

    /**
     * Waits until the resource matches {@code done} or is gone, and returns it as last seen ({@code null} once gone);
     * {@code timedOut} makes the error thrown when {@code timeout} passes first.
     *
     * <p>A watch can miss an event: the resource may change between the list and the watch that a wait sets up, or the
     * watch may reconnect. So the wait runs in short slices and reads the resource directly between them, and a
     * deletion that no event announced still ends it.
     */
    static <T> T await(Resource<T> resource, Predicate<T> done, Duration timeout, Supplier<ApiException> timedOut) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            long sliceMs = Math.max(1, Math.min(leftMs, RECHECK.toMillis()));
            try {
                return call(() ->
                        resource.waitUntilCondition(r -> r == null || done.test(r), sliceMs, TimeUnit.MILLISECONDS));
            } catch (KubernetesClientTimeoutException e) {
                T now = call(resource::get);
                if (now == null || done.test(now)) {
                    return now;
                }
                if (leftMs <= sliceMs) {
                    throw timedOut.get();
                }
            }
        }
    }
}
