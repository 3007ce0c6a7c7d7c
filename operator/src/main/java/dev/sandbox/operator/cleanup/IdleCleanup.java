package dev.sandbox.operator.cleanup;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.SandboxActivity;
import dev.sandbox.operator.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops (or pauses, as the sandbox or the cluster default asks) sandboxes that went without activity for their idle
 * timeout, and deletes them after the further period (see
 * {@link IdlePolicy}). A stop is a change of {@code spec.desiredState} (the reconciler stops the container) together
 * with an annotation saying when; both survive restarts. Without the activity table nothing is decided: a sandbox is
 * never stopped for idleness on a guess.
 */
final class IdleCleanup {
    private static final Logger log = LoggerFactory.getLogger(IdleCleanup.class);

    private final KubernetesClient client;
    private final SandboxActivity activity;
    private final CleanupReporter reporter;
    private final OperatorConfig config;

    IdleCleanup(KubernetesClient client, SandboxActivity activity, CleanupReporter reporter, OperatorConfig config) {
        this.client = client;
        this.activity = activity;
        this.reporter = reporter;
        this.config = config;
    }

    /** @param sandboxes this node's sandboxes */
    void check(List<Sandbox> sandboxes, Instant now) throws SQLException {
        if (sandboxes.isEmpty()) {
            return;
        }
        Map<String, Instant> lastActivity = activity.lastActivity(
                sandboxes.stream().map(s -> s.getMetadata().getUid()).toList());
        for (Sandbox sandbox : sandboxes) {
            Instant last = lastActivity.get(sandbox.getMetadata().getUid());
            IdleDecision decision = decide(sandbox, last, now);
            try {
                switch (decision.action()) {
                    case STOP -> suspend(sandbox, decision, now, DesiredState.Stopped);
                    case PAUSE -> suspend(sandbox, decision, now, DesiredState.Paused);
                    case DELETE -> delete(sandbox, last, now);
                    case WAKE -> wake(sandbox);
                    case NONE -> {}
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    log.warn(
                            "sandbox {}/{}: idle clean-up failed ({}); trying again next pass",
                            sandbox.getMetadata().getNamespace(),
                            sandbox.getMetadata().getName(),
                            e.getMessage());
                }
            }
        }
    }

    private IdleDecision decide(Sandbox sandbox, Instant lastActivity, Instant now) {
        return IdlePolicy.decide(
                sandbox,
                lastActivity,
                config.cleanup().idleTimeout(),
                config.cleanup().idleDeleteAfter(),
                config.cleanup().idleAction(),
                now);
    }

    /** Sets the desired state to Stopped or Paused, with the annotation saying when and why. */
    private void suspend(Sandbox sandbox, IdleDecision decision, Instant now, DesiredState state) {
        AtomicBoolean stopped = new AtomicBoolean();
        Sandbox result = client.resources(Sandbox.class)
                .inNamespace(sandbox.getMetadata().getNamespace())
                .withName(sandbox.getMetadata().getName())
                .edit(current -> {
                    // Act on the resource as it is now, and only if it is still the one that was found idle.
                    if (!Objects.equals(
                                    current.getMetadata().getUid(),
                                    sandbox.getMetadata().getUid())
                            || current.getSpec().getDesiredState() != DesiredState.Running) {
                        return current;
                    }
                    Map<String, String> annotations = current.getMetadata().getAnnotations() == null
                            ? new HashMap<>()
                            : new HashMap<>(current.getMetadata().getAnnotations());
                    annotations.put(
                            state == DesiredState.Paused ? IdlePolicy.IDLE_PAUSED_AT : IdlePolicy.IDLE_STOPPED_AT,
                            now.toString());
                    current.getMetadata().setAnnotations(annotations);
                    current.getSpec().setDesiredState(state);
                    stopped.set(true);
                    return current;
                });
        if (stopped.get()) {
            boolean paused = state == DesiredState.Paused;
            reporter.report(
                    result,
                    paused ? "idle_pause" : "idle_stop",
                    true,
                    paused ? "IdlePaused" : "IdleStopped",
                    "IdleTimeout",
                    decision.message());
        }
    }

    private void delete(Sandbox sandbox, Instant lastActivity, Instant now) {
        Sandbox current = client.resources(Sandbox.class)
                .inNamespace(sandbox.getMetadata().getNamespace())
                .withName(sandbox.getMetadata().getName())
                .get();
        if (current == null
                || !Objects.equals(
                        current.getMetadata().getUid(), sandbox.getMetadata().getUid())) {
            return;
        }
        // Decide again on the resource as it is now: it may have been started again since it was listed.
        IdleDecision decision = decide(current, lastActivity, now);
        if (decision.action() != IdleDecision.Action.DELETE) {
            return;
        }
        reporter.report(current, "idle_delete", true, "IdleDeleted", "IdleTimeout", decision.message());
        client.resource(current).delete();
    }

    private void wake(Sandbox sandbox) {
        client.resources(Sandbox.class)
                .inNamespace(sandbox.getMetadata().getNamespace())
                .withName(sandbox.getMetadata().getName())
                .edit(current -> {
                    if (Objects.equals(
                                    current.getMetadata().getUid(),
                                    sandbox.getMetadata().getUid())
                            && current.getMetadata().getAnnotations() != null
                            && current.getSpec().getDesiredState() == DesiredState.Running) {
                        Map<String, String> annotations =
                                new HashMap<>(current.getMetadata().getAnnotations());
                        annotations.remove(IdlePolicy.IDLE_STOPPED_AT);
                        annotations.remove(IdlePolicy.IDLE_PAUSED_AT);
                        current.getMetadata().setAnnotations(annotations);
                    }
                    return current;
                });
        log.info(
                "sandbox {}/{}: running again after an idle stop or pause; it will not be deleted for idleness",
                sandbox.getMetadata().getNamespace(),
                sandbox.getMetadata().getName());
    }
}
