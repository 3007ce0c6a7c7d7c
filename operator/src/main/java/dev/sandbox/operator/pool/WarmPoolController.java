package dev.sandbox.operator.pool;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.kube.KubernetesEvents;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.node.LeaderLease;
import dev.sandbox.operator.sandbox.TemplateBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every SandboxWarmPool at its size, merges templates into hand-written Sandboxes, and holds templates in use.
 * Every operator instance takes part, but only the holder of the {@value #LEASE} lease acts, so pools are filled by
 * exactly one writer at a time. It keeps nothing in memory that a successor would need: each pass lists the pooled
 * sandboxes from the API server, so a pass after a restart (or a claim racing a refill) neither loses nor duplicates
 * one. Passes run on every change of a pool, a template or a sandbox (coalesced), and every few seconds regardless.
 */
public final class WarmPoolController implements AutoCloseable {
    public static final String LEASE = "sandbox-warm-pools";
    private static final Logger log = LoggerFactory.getLogger(WarmPoolController.class);
    private static final Duration PERIOD = Duration.ofSeconds(5);
    private static final long COALESCE_MILLIS = 20;

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final PoolPass pass;
    private final ScheduledExecutorService executor = LeaderLease.worker("warm-pools");
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile SharedIndexInformer<SandboxWarmPool> poolInformer;
    private volatile SharedIndexInformer<SandboxTemplate> templateInformer;
    private volatile SharedIndexInformer<Sandbox> sandboxInformer;
    private final LeaderLease election;
    private volatile ScheduledFuture<?> periodic;
    private volatile boolean leading;

    public WarmPoolController(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config;
        this.election = new LeaderLease(client, config, LEASE);
        this.pass = new PoolPass(client, new KubernetesEvents(client, "sandbox-warm-pools", config.nodeName()));
    }

    public void start() {
        election.join(this::lead, this::follow, leader -> log.debug("warm-pool controller is now {}", leader));
    }

    private synchronized void lead() {
        log.info("node {} keeps the warm pools filled", config.nodeName());
        leading = true;
        poolInformer = watch(client.resources(SandboxWarmPool.class), p -> true);
        templateInformer = watch(client.resources(SandboxTemplate.class), t -> true);
        // Of the sandboxes only those that matter here wake the controller: pooled ones, ones made from a template.
        sandboxInformer = watch(
                client.resources(Sandbox.class),
                s -> (s.getMetadata().getLabels() != null
                                && (s.getMetadata().getLabels().containsKey(SandboxWarmPool.POOL_LABEL)
                                        || s.getMetadata().getLabels().containsKey(SandboxTemplate.TEMPLATE_LABEL)))
                        || TemplateBinding.awaitsTemplate(s));
        informers.add(poolInformer);
        informers.add(templateInformer);
        informers.add(sandboxInformer);
        periodic = executor.scheduleWithFixedDelay(this::runPass, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void follow() {
        if (!leading) {
            return;
        }
        log.info("node {} no longer keeps the warm pools", config.nodeName());
        leading = false;
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
        poolInformer = null;
        templateInformer = null;
        sandboxInformer = null;
        if (periodic != null) {
            periodic.cancel(false);
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> watch(
            MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> resources,
            java.util.function.Predicate<T> relevant) {
        SharedIndexInformer<T> informer = config.namespace() == null
                ? resources.inAnyNamespace().runnableInformer(0)
                : resources.inNamespace(config.namespace()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                if (relevant.test(obj)) {
                    trigger();
                }
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (relevant.test(oldObj) || relevant.test(newObj)) {
                    trigger();
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                if (relevant.test(obj)) {
                    trigger();
                }
            }
        });
        // Once the first list has arrived, a pass (events that came before it found the cache not ready).
        informer.start().thenRun(this::trigger);
        return informer;
    }

    /** Asks for a pass soon; many changes in a short time make one pass. */
    private void trigger() {
        if (leading && passQueued.compareAndSet(false, true)) {
            try {
                // Nothing waits for the pass: it logs its own failures, and the next event or period runs another.
                var unused = executor.schedule(this::runPass, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                passQueued.set(false);
            }
        }
    }

    private void runPass() {
        passQueued.set(false);
        if (!leading) {
            return;
        }
        try {
            SharedIndexInformer<SandboxWarmPool> p = poolInformer;
            SharedIndexInformer<SandboxTemplate> t = templateInformer;
            SharedIndexInformer<Sandbox> s = sandboxInformer;
            if (p == null || t == null || s == null || !p.hasSynced() || !t.hasSynced() || !s.hasSynced()) {
                // Not watching everything yet: the first lists trigger a pass when they arrive.
                return;
            }
            pass.run(
                    config.namespace(),
                    s.getStore().list(),
                    t.getStore().list(),
                    p.getStore().list());
        } catch (RuntimeException e) {
            // The next event or period tries again; nothing is half-done that a pass cannot see.
            log.warn("warm-pool pass failed, retrying: {}", e.toString());
        }
    }

    /** Runs one pass now, on the controller's thread, if this instance leads; for tests. */
    public void passNow() throws Exception {
        executor.submit(this::runPass).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        election.close();
        follow();
        executor.shutdownNow();
    }

    /** Whether this instance holds the lease now. */
    public boolean leading() {
        return leading;
    }

    static boolean templateAwaited(Sandbox s) {
        return TemplateBinding.awaitsTemplate(s) && s.getMetadata().getDeletionTimestamp() == null;
    }
}
