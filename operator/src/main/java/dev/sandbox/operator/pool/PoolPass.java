package dev.sandbox.operator.pool;

import dev.sandbox.crd.FieldNames;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxTemplateStatus;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.SandboxWarmPoolStatus;
import dev.sandbox.crd.TemplateHash;
import dev.sandbox.crd.TemplateOverrides;
import dev.sandbox.crd.TemplateResolver;
import dev.sandbox.kube.KubernetesEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pass of the warm-pool controller over a namespace (or all): templates, hand-written Sandboxes, pools. */
final class PoolPass {
    private static final Logger log = LoggerFactory.getLogger(PoolPass.class);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final KubernetesEvents events;

    PoolPass(KubernetesClient client, KubernetesEvents events) {
        this.client = client;
        this.events = events;
    }

    /**
     * @param cached every Sandbox as the controller's watch has them (for templates in use and templates to merge)
     * @param templates every template as watched
     * @param pools every pool as watched
     */
    void run(String namespace, List<Sandbox> cached, List<SandboxTemplate> templates, List<SandboxWarmPool> pools) {
        // Pooled sandboxes are listed afresh: what is made or claimed must be counted exactly, never from a lagging
        // copy.
        List<Sandbox> pooled = (namespace == null
                        ? client.resources(Sandbox.class).inAnyNamespace()
                        : client.resources(Sandbox.class).inNamespace(namespace))
                .withLabel(SandboxWarmPool.POOL_LABEL)
                .list()
                .getItems();
        List<Sandbox> sandboxes = new ArrayList<>(pooled);
        java.util.Set<String> fresh = new java.util.HashSet<>();
        pooled.forEach(s -> fresh.add(key(s)));
        cached.stream().filter(s -> !fresh.contains(key(s))).forEach(sandboxes::add);
        for (Sandbox s : sandboxes) {
            if (WarmPoolController.templateAwaited(s)) {
                dev.sandbox.operator.sandbox.TemplateBinding.resolve(client, s);
            }
        }
        for (SandboxTemplate t : templates) {
            template(t, sandboxes, pools);
        }
        for (SandboxWarmPool pool : pools) {
            if (pool.getMetadata().getDeletionTimestamp() == null && pool.getSpec() != null) {
                pool(pool, templates, sandboxes);
            }
        }
        retireOrphans(sandboxes, pools);
    }

    /** Finalizer while in use, released once nothing uses it; status with the count and the hash. */
    private void template(SandboxTemplate t, List<Sandbox> sandboxes, List<SandboxWarmPool> pools) {
        String ns = t.getMetadata().getNamespace();
        String name = t.getMetadata().getName();
        long users = sandboxes.stream()
                .filter(s -> ns.equals(s.getMetadata().getNamespace())
                        && s.getMetadata().getDeletionTimestamp() == null
                        && s.getMetadata().getLabels() != null
                        && name.equals(s.getMetadata().getLabels().get(SandboxTemplate.TEMPLATE_LABEL)))
                .count();
        List<String> poolNames = pools.stream()
                .filter(p -> ns.equals(p.getMetadata().getNamespace())
                        && p.getSpec() != null
                        && name.equals(p.getSpec().getTemplateRef()))
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
        List<String> finalizers = t.getMetadata().getFinalizers() == null
                ? List.of()
                : t.getMetadata().getFinalizers();
        boolean deleting = t.getMetadata().getDeletionTimestamp() != null;
        if (deleting && finalizers.contains(SandboxTemplate.FINALIZER)) {
            if (users == 0 && poolNames.isEmpty()) {
                SandboxTemplate copy = client.getKubernetesSerialization().clone(t);
                List<String> rest = new ArrayList<>(finalizers);
                rest.remove(SandboxTemplate.FINALIZER);
                copy.getMetadata().setFinalizers(rest);
                if (write(() -> client.resource(copy).update())) {
                    log.info("template {}/{}: no longer used; deletion goes ahead", ns, name);
                }
                return;
            }
        } else if (!deleting && !finalizers.contains(SandboxTemplate.FINALIZER)) {
            SandboxTemplate copy = client.getKubernetesSerialization().clone(t);
            List<String> all = new ArrayList<>(finalizers);
            all.add(SandboxTemplate.FINALIZER);
            copy.getMetadata().setFinalizers(all);
            if (!write(() -> client.resource(copy).update())) {
                return;
            }
            t = client.resources(SandboxTemplate.class)
                    .inNamespace(ns)
                    .withName(name)
                    .get();
            if (t == null) {
                return;
            }
        }
        SandboxTemplateStatus next = new SandboxTemplateStatus();
        next.setInUse((int) users);
        next.setHash(t.getSpec() == null ? null : TemplateHash.of(t.getSpec()));
        next.setObservedGeneration(t.getMetadata().getGeneration());
        if (deleting) {
            next.setMessage("deletion held: used by " + users + " sandbox(es)"
                    + (poolNames.isEmpty() ? "" : " and warm pool " + String.join(", ", poolNames)));
        } else if (t.getSpec() != null) {
            // Named as the template resource's fields: whoever reads this status applied or looks at the resource.
            List<dev.sandbox.crd.FieldError> errors = TemplateResolver.validate(name, t.getSpec(), FieldNames.CRD);
            next.setMessage(
                    errors.isEmpty()
                            ? "ready"
                            : "invalid: " + errors.get(0).field() + " "
                                    + errors.get(0).message());
        }
        SandboxTemplateStatus current = t.getStatus();
        if (current == null
                || !Objects.equals(current.getInUse(), next.getInUse())
                || !Objects.equals(current.getHash(), next.getHash())
                || !Objects.equals(current.getMessage(), next.getMessage())
                || !Objects.equals(current.getObservedGeneration(), next.getObservedGeneration())) {
            SandboxTemplate copy = client.getKubernetesSerialization().clone(t);
            copy.setStatus(next);
            write(() -> client.resource(copy).updateStatus());
        }
    }

    private void pool(SandboxWarmPool pool, List<SandboxTemplate> templates, List<Sandbox> sandboxes) {
        String ns = pool.getMetadata().getNamespace();
        String name = pool.getMetadata().getName();
        SandboxTemplate template = templates.stream()
                .filter(t -> ns.equals(t.getMetadata().getNamespace())
                        && t.getMetadata().getName().equals(pool.getSpec().getTemplateRef()))
                .findFirst()
                .orElse(null);
        List<Sandbox> members = sandboxes.stream()
                .filter(s -> ns.equals(s.getMetadata().getNamespace())
                        && s.getMetadata().getDeletionTimestamp() == null
                        && s.getMetadata().getLabels() != null
                        && name.equals(s.getMetadata().getLabels().get(SandboxWarmPool.POOL_LABEL)))
                .toList();
        int desired = pool.getSpec().getReplicas() == null
                ? 0
                : Math.max(0, pool.getSpec().getReplicas());
        SandboxWarmPoolStatus next = new SandboxWarmPoolStatus();
        next.setReplicas(desired);
        next.setObservedGeneration(pool.getMetadata().getGeneration());
        if (template == null
                || template.getSpec() == null
                || template.getMetadata().getDeletionTimestamp() != null) {
            next.setCurrentReplicas(members.size());
            next.setReadyReplicas(0);
            next.setMessage("template " + pool.getSpec().getTemplateRef() + " does not exist in namespace " + ns
                    + "; no sandbox is made");
            writeStatus(pool, next);
            return;
        }
        List<dev.sandbox.crd.FieldError> invalid =
                TemplateResolver.validate(template.getMetadata().getName(), template.getSpec());
        String hash = TemplateHash.of(template.getSpec());
        PoolPlan plan = PoolPlan.decide(invalid.isEmpty() ? desired : 0, hash, members);
        int retired = 0;
        for (Sandbox s : plan.retire()) {
            if (retire(s)) {
                retired++;
            }
        }
        for (int i = 0; i < plan.create(); i++) {
            create(pool, template, hash);
        }
        if (retired > 0 || plan.create() > 0) {
            log.info(
                    "warm pool {}/{}: {} ready of {}; making {}, retiring {}",
                    ns,
                    name,
                    plan.ready(),
                    desired,
                    plan.create(),
                    retired);
        }
        next.setCurrentReplicas(plan.current() + plan.create());
        next.setReadyReplicas(plan.ready());
        next.setTemplateHash(hash);
        next.setMessage(
                !invalid.isEmpty()
                        ? "template is invalid: " + invalid.get(0).field() + " "
                                + invalid.get(0).message()
                        : plan.ready() >= desired ? "ready" : "filling: " + plan.ready() + " of " + desired + " ready");
        writeStatus(pool, next);
    }

    /** Pooled sandboxes whose pool is gone are retired too. */
    private void retireOrphans(List<Sandbox> sandboxes, List<SandboxWarmPool> pools) {
        for (Sandbox s : sandboxes) {
            String pool = s.getMetadata().getLabels() == null
                    ? null
                    : s.getMetadata().getLabels().get(SandboxWarmPool.POOL_LABEL);
            if (pool != null
                    && s.getMetadata().getDeletionTimestamp() == null
                    && pools.stream()
                            .noneMatch(p -> p.getMetadata().getDeletionTimestamp() == null
                                    && pool.equals(p.getMetadata().getName())
                                    && s.getMetadata()
                                            .getNamespace()
                                            .equals(p.getMetadata().getNamespace()))) {
                retire(s);
            }
        }
    }

    /**
     * Marks the sandbox retiring with a guarded update, then deletes it. A claim that got there first makes the update
     * fail (the resource version moved), and the sandbox stays with its new owner.
     */
    private boolean retire(Sandbox s) {
        Sandbox copy = client.getKubernetesSerialization().clone(s);
        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
        if (labels.containsKey(Sandbox.TENANT_LABEL)) {
            return false;
        }
        labels.put(SandboxWarmPool.RETIRING_LABEL, "true");
        copy.getMetadata().setLabels(labels);
        boolean marked = s.getMetadata().getLabels().containsKey(SandboxWarmPool.RETIRING_LABEL)
                || write(() -> client.resource(copy).update());
        if (marked) {
            write(() -> client.resources(Sandbox.class)
                    .inNamespace(s.getMetadata().getNamespace())
                    .withName(s.getMetadata().getName())
                    .delete());
        }
        return marked;
    }

    private void create(SandboxWarmPool pool, SandboxTemplate template, String hash) {
        Sandbox sandbox = new Sandbox();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SandboxWarmPool.POOL_LABEL, pool.getMetadata().getName());
        labels.put(SandboxTemplate.TEMPLATE_LABEL, template.getMetadata().getName());
        labels.put(SandboxTemplate.TEMPLATE_HASH_LABEL, hash);
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withName(newId())
                .withNamespace(pool.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(SandboxTemplate.RESOLVED_ANNOTATION, hash))
                .withFinalizers(Sandbox.FINALIZER)
                .build());
        sandbox.setSpec(
                TemplateResolver.resolve(template.getMetadata().getName(), template.getSpec(), TemplateOverrides.none())
                        .spec());
        Sandbox created = client.resource(sandbox).create();
        events.publish(
                pool,
                false,
                "Created",
                "made pooled sandbox " + created.getMetadata().getName());
    }

    private void writeStatus(SandboxWarmPool pool, SandboxWarmPoolStatus next) {
        SandboxWarmPoolStatus current = pool.getStatus();
        if (current != null
                && Objects.equals(current.getReplicas(), next.getReplicas())
                && Objects.equals(current.getReadyReplicas(), next.getReadyReplicas())
                && Objects.equals(current.getCurrentReplicas(), next.getCurrentReplicas())
                && Objects.equals(current.getTemplateHash(), next.getTemplateHash())
                && Objects.equals(current.getMessage(), next.getMessage())
                && Objects.equals(current.getObservedGeneration(), next.getObservedGeneration())) {
            return;
        }
        SandboxWarmPool copy = client.getKubernetesSerialization().clone(pool);
        copy.setStatus(next);
        write(() -> client.resource(copy).updateStatus());
    }

    /** A write that may lose a race (409) or find its object gone (404): false then, and the next pass sees why. */
    private static boolean write(java.util.function.Supplier<?> call) {
        try {
            Object unused = call.get();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("sbx-");
        for (int i = 0; i < 10; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static String key(HasMetadata r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }
}
