package dev.sandbox.gateway;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a ready sandbox out of a warm pool for a tenant, in one write to the Kubernetes API: the pool label goes, the
 * tenant label, the caller's labels, the claim time and the claim's limits and environment come, all guarded by the
 * resource version the gateway read. Two claims of the same sandbox therefore cannot both succeed (the second gets a
 * conflict and tries another one), and neither can a claim and the pool controller's retirement of a surplus sandbox.
 * Candidates come from the gateway's watch cache, so a claim costs one API write and no operator round trip.
 */
final class WarmPoolClaims {
    private static final Logger log = LoggerFactory.getLogger(WarmPoolClaims.class);
    /** Sandboxes tried before giving up and starting cold (each failed try lost a race to another claim). */
    private static final int MAX_TRIES = 8;

    private final KubernetesClient client;
    private final SandboxService sandboxes;
    private final GatewayEvents events;

    WarmPoolClaims(KubernetesClient client, SandboxService sandboxes, GatewayEvents events) {
        this.client = client;
        this.sandboxes = sandboxes;
        this.events = events;
    }

    /**
     * What the caller wants of the sandbox it claims.
     *
     * @param tenant its new owner
     * @param spec the effective spec the caller asked for; its limits, clocks and policies are applied to the claimed one
     * @param env the caller's environment, passed to every command of the sandbox (its container keeps the template's)
     * @param userLabels the caller's labels, added to the sandbox's
     * @param publicPreview whether its preview URLs are open to anyone
     */
    record Order(
            String tenant,
            SandboxSpec spec,
            Map<String, String> env,
            Map<String, String> userLabels,
            boolean publicPreview) {}

    /** Claims a ready pooled sandbox of the template for the order's tenant, or returns empty when there is none. */
    Optional<Claim> claim(String template, String hash, Order order) {
        String tenant = order.tenant();
        SandboxSpec spec = order.spec();
        List<Sandbox> candidates = candidates(template, hash);
        // Concurrent claims start at different sandboxes instead of all fighting over the first.
        Collections.shuffle(candidates);
        int tries = 0;
        for (Sandbox candidate : candidates) {
            if (tries++ >= MAX_TRIES) {
                break;
            }
            boolean resized = !java.util.Objects.equals(
                            candidate.getSpec().getResources().getCpu(),
                            spec.getResources().getCpu())
                    || !java.util.Objects.equals(
                            candidate.getSpec().getResources().getMemory(),
                            spec.getResources().getMemory());
            Sandbox claimed = tryClaim(candidate, order);
            if (claimed == null) {
                // Our copy may be older than a status write of the operator: read it afresh and try once more.
                Sandbox fresh = KubeCalls.call(() -> client.resources(Sandbox.class)
                        .inNamespace(sandboxes.namespace())
                        .withName(candidate.getMetadata().getName())
                        .get());
                if (fresh != null && claimable(fresh, template, hash)) {
                    claimed = tryClaim(fresh, order);
                }
            }
            if (claimed != null) {
                String pool = claimed.getMetadata().getAnnotations().get(SandboxWarmPool.CLAIMED_FROM);
                log.info(
                        "sandbox {} claimed from warm pool {} (template {}) by tenant {}",
                        claimed.getMetadata().getName(),
                        pool,
                        template,
                        tenant);
                events.publish(claimed, "Claimed", "claimed from warm pool " + pool + " (template " + template + ")");
                return Optional.of(new Claim(claimed, resized));
            }
        }
        return Optional.empty();
    }

    /**
     * Ready pooled sandboxes of the template. The watch cache answers first; when it has none (it may lag a moment behind
     * the pool controller, for example right after a template change replaced the pool), the API server is asked once
     * before the caller falls back to a cold start.
     */
    private List<Sandbox> candidates(String template, String hash) {
        List<Sandbox> cached = sandboxes.cache().all();
        List<Sandbox> ready = cached == null ? List.of() : claimable(cached, template, hash);
        if (!ready.isEmpty()) {
            return ready;
        }
        return claimable(
                KubeCalls.call(() -> client.resources(Sandbox.class)
                        .inNamespace(sandboxes.namespace())
                        .withLabel(SandboxTemplate.TEMPLATE_LABEL, template)
                        .withLabel(SandboxWarmPool.POOL_LABEL)
                        .list()
                        .getItems()),
                template,
                hash);
    }

    private static List<Sandbox> claimable(List<Sandbox> all, String template, String hash) {
        List<Sandbox> ready = new ArrayList<>();
        for (Sandbox s : all) {
            if (claimable(s, template, hash)) {
                ready.add(s);
            }
        }
        return ready;
    }

    /** Unclaimed, not retiring, of the template's current spec, Running with a container. */
    static boolean claimable(Sandbox s, String template, String hash) {
        Map<String, String> labels = s.getMetadata().getLabels();
        return labels != null
                && labels.get(SandboxWarmPool.POOL_LABEL) != null
                && !labels.containsKey(SandboxWarmPool.RETIRING_LABEL)
                && !labels.containsKey(Sandbox.TENANT_LABEL)
                && template.equals(labels.get(SandboxTemplate.TEMPLATE_LABEL))
                && hash.equals(labels.get(SandboxTemplate.TEMPLATE_HASH_LABEL))
                && s.getMetadata().getDeletionTimestamp() == null
                && s.getSpec() != null
                && s.getSpec().getDesiredState() == DesiredState.Running
                && s.getStatus() != null
                && s.getStatus().getPhase() == SandboxPhase.Running
                && s.getStatus().getContainerId() != null;
    }

    /** The claimed sandbox, or null when someone else changed it first. */
    private Sandbox tryClaim(Sandbox candidate, Order order) {
        SandboxSpec wanted = order.spec();
        Sandbox copy = client.getKubernetesSerialization().clone(candidate);
        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
        String pool = labels.remove(SandboxWarmPool.POOL_LABEL);
        labels.putAll(order.userLabels());
        labels.put(Sandbox.TENANT_LABEL, order.tenant());
        copy.getMetadata().setLabels(labels);
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(copy.getMetadata().getAnnotations());
        annotations.put(SandboxWarmPool.CLAIMED_AT, Instant.now().toString());
        annotations.put(SandboxWarmPool.CLAIMED_FROM, pool);
        annotations.put(SandboxWarmPool.START, "warm");
        if (order.publicPreview()) {
            annotations.put(SandboxService.PUBLIC_ANNOTATION, "true");
        }
        copy.getMetadata().setAnnotations(annotations);
        SandboxSpec spec = copy.getSpec();
        SandboxResources r = spec.getResources();
        r.setCpu(wanted.getResources().getCpu());
        r.setMemory(wanted.getResources().getMemory());
        r.setTimeoutSeconds(wanted.getResources().getTimeoutSeconds());
        r.setMaxRetries(wanted.getResources().getMaxRetries());
        spec.setIdleTimeoutSeconds(wanted.getIdleTimeoutSeconds());
        spec.setShutdownPolicy(wanted.getShutdownPolicy());
        spec.setStopTimeoutSeconds(wanted.getStopTimeoutSeconds());
        spec.setIdleAction(wanted.getIdleAction());
        // Always set (empty without an environment): the spec changes with every claim, so the operator reconciles the
        // sandbox under its new owner (history, mirror, lifetime) even when nothing else changed.
        spec.setExecEnv(order.env() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(order.env()));
        try {
            // update() sends the resource version we read: the API server refuses it (409) if anything changed since.
            return client.resource(copy).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /**
     * A claimed sandbox.
     *
     * @param resized whether the claim asked for other CPU or memory limits, which the operator applies in place
     */
    record Claim(Sandbox sandbox, boolean resized) {}

    /** Whether the sandbox was claimed from a warm pool (and not started cold). */
    static boolean claimed(Sandbox sandbox) {
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        return annotations != null && "warm".equals(annotations.get(SandboxWarmPool.START));
    }

    /** Whether the operator has acted on the spec as the claim left it (new limits applied in place). */
    static boolean caughtUp(Sandbox sandbox) {
        return sandbox.getStatus() != null
                && sandbox.getStatus().getObservedGeneration() != null
                && sandbox.getStatus().getObservedGeneration()
                        >= java.util.Objects.requireNonNullElse(
                                sandbox.getMetadata().getGeneration(), 0L);
    }
}
