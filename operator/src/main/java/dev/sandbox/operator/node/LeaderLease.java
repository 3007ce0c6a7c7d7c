package dev.sandbox.operator.node;

import dev.sandbox.db.DaemonThreads;
import dev.sandbox.operator.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * This node's part in electing the one instance that does a cluster-wide job (scheduling, filling warm pools): a
 * Kubernetes Lease in the system namespace, held under the node's name. A holder that stops renewing loses it after
 * 15 s; one that stops cleanly releases it at once, so a successor takes over without waiting.
 */
public final class LeaderLease implements AutoCloseable {
    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final String name;
    private CompletableFuture<?> election;

    /** This node's part in the election for the Lease {@code name}; {@link #join} starts it. */
    public LeaderLease(KubernetesClient client, OperatorConfig config, String name) {
        this.client = client;
        this.config = config;
        this.name = name;
    }

    /**
     * Starts taking part in the election.
     *
     * @param lead runs when this node wins the lease
     * @param follow runs when it loses the lease (or gives it up)
     * @param newLeader gets the name of each new holder
     */
    public synchronized void join(Runnable lead, Runnable follow, Consumer<String> newLeader) {
        election = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(name)
                        .withLock(new LeaseLock(config.systemNamespace(), name, config.nodeName()))
                        .withLeaseDuration(LEASE_DURATION)
                        .withRenewDeadline(RENEW_DEADLINE)
                        .withRetryPeriod(RETRY_PERIOD)
                        .withReleaseOnCancel()
                        .withLeaderCallbacks(new LeaderCallbacks(lead, follow, newLeader))
                        .build())
                .build()
                .start();
    }

    /** The one daemon thread, named {@code name}, that a leader does its passes on; its owner shuts it down. */
    public static ScheduledExecutorService worker(String name) {
        return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    }

    /** Stops taking part, releasing the lease if this node holds it. */
    @Override
    public synchronized void close() {
        if (election != null) {
            election.cancel(true);
        }
    }
}
