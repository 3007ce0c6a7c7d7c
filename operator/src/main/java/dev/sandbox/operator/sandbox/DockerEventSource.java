package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.DaemonThreads;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerEvent;
import dev.sandbox.operator.runtime.Containers;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Docker events about this node's sandbox containers (exits, OOM kills, removals) into reconciles of the owning
 * Sandbox, so status follows the container within moments. The periodic resync covers events missed while the stream
 * was down; the stream reconnects by itself.
 */
final class DockerEventSource extends SimpleInboundEventSource<Sandbox> {
    private static final Logger log = LoggerFactory.getLogger(DockerEventSource.class);
    private static final Set<String> INTERESTING =
            Set.of("start", "die", "oom", "kill", "stop", "destroy", "pause", "unpause");

    private final Containers runtime;
    private final String installation;
    private final String node;
    private final ScheduledExecutorService reconnector =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("docker-events"));
    private volatile Closeable stream;
    /** The reconnection waiting to run, cancelled when the source stops. */
    private volatile ScheduledFuture<?> reconnect;

    private volatile boolean stopped;
    /** When the engine was last seen going away and coming back; containers that ended in between were its victims. */
    private volatile java.time.Instant outageStart;

    private volatile java.time.Instant outageEnd;

    DockerEventSource(Containers runtime, String installation, String node) {
        super("docker-events");
        this.runtime = runtime;
        this.installation = installation;
        this.node = node;
    }

    @Override
    public void start() {
        super.start();
        stopped = false;
        connect();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        try {
            boolean reconnecting = stream != null;
            stream = runtime.watchEvents(SandboxNames.nodeSelector(installation, node), this::onEvent, error -> {
                if (!stopped) {
                    if (outageStart == null || (outageEnd != null && outageEnd.isAfter(outageStart))) {
                        outageStart = java.time.Instant.now();
                    }
                    log.warn("Docker event stream broke ({}); reconnecting", error.toString());
                    reconnect = reconnector.schedule(this::connect, 2, TimeUnit.SECONDS);
                }
            });
            if (reconnecting) {
                outageEnd = java.time.Instant.now();
                // Events were missed while the stream was down (maybe the engine restarted): look at every sandbox
                // here.
                runtime.list(SandboxNames.nodeSelector(installation, node))
                        .forEach(c -> onEvent(new ContainerEvent(c.id(), "die", c.labels())));
                log.info("Docker event stream is back; re-checking the sandboxes of node {}", node);
            }
        } catch (RuntimeException e) {
            log.warn("cannot follow Docker events ({}); retrying", e.toString());
            reconnect = reconnector.schedule(this::connect, 5, TimeUnit.SECONDS);
        }
    }

    private void onEvent(ContainerEvent event) {
        if (!INTERESTING.contains(event.action())) {
            return;
        }
        String namespace = event.labels().get(SandboxNames.NAMESPACE);
        String name = event.labels().get(SandboxNames.NAME);
        if (namespace != null && name != null) {
            log.debug("container event {} for sandbox {}/{}", event.action(), namespace, name);
            propagateEvent(new ResourceID(name, namespace));
        }
    }

    /** Whether a container that finished at {@code finishedAt} (RFC 3339) went down with the engine. */
    boolean endedDuringEngineOutage(String finishedAt) {
        java.time.Instant start = outageStart;
        java.time.Instant end = outageEnd;
        if (start == null || finishedAt == null) {
            return false;
        }
        try {
            java.time.Instant finished = java.time.Instant.parse(finishedAt);
            return !finished.isBefore(start.minusSeconds(10)) && (end == null || !finished.isAfter(end.plusSeconds(5)));
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    @Override
    public void stop() {
        stopped = true;
        ScheduledFuture<?> pending = reconnect;
        if (pending != null) {
            pending.cancel(false);
        }
        reconnector.shutdownNow();
        Closeable s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing the Docker event stream failed", e);
            }
        }
        super.stop();
    }
}
