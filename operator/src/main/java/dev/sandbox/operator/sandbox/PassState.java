package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.operator.model.SandboxAction;
import dev.sandbox.operator.model.SandboxFacts;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.volume.SharedVolumeStep;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one reconcile of a sandbox knows and has done so far: the resource, the bookkeeping it carries over, the plan
 * and the container once looked at. The steps update it; {@link #facts} turns it into the plain values the decision
 * reads.
 */
final class PassState {
    final Sandbox sandbox;
    final Progress progress;
    final Instant now;
    /** Why the spec cannot run as written, or null. */
    final String invalid;

    final boolean specChanged;
    final int restartWanted;
    final Instant expires;
    final Set<SandboxAction> done = EnumSet.noneOf(SandboxAction.class);

    boolean looked;
    ContainerSpec plan;
    ContainerState container;
    /** The snapshot the workspace is restored from, while that is still to be done. */
    SandboxSnapshot source;

    List<SharedVolumeStep.Resolved> shared = List.of();

    PassState(Sandbox sandbox, Progress progress, String invalid, Instant expires, Instant now) {
        this.sandbox = sandbox;
        this.progress = progress;
        this.invalid = invalid;
        this.expires = expires;
        this.now = now;
        SandboxSpec spec = sandbox.getSpec();
        SandboxStatus status = sandbox.getStatus();
        this.specChanged = status == null
                || !Objects.equals(
                        status.getObservedGeneration(), sandbox.getMetadata().getGeneration());
        this.restartWanted = spec.getRestartRequest() == null ? 0 : spec.getRestartRequest();
        if (invalid == null && specChanged) {
            // A new spec deserves a fresh set of retries.
            progress.retryCount = 0;
            progress.nextRetryAt = null;
        }
        if (invalid == null) {
            progress.expiresAt = expires == null ? null : expires.toString();
        }
    }

    SandboxSpec spec() {
        return sandbox.getSpec();
    }

    boolean expired() {
        return expires != null && !now.isBefore(expires);
    }

    boolean forceBuild() {
        return spec().getBuildContext() != null
                && Boolean.TRUE.equals(spec().getForceBuild())
                && !Objects.equals(
                        progress.builtForGeneration, sandbox.getMetadata().getGeneration());
    }

    /** How many restarts after failures the spec allows. */
    int maxRetries() {
        Integer max = spec().getResources().getMaxRetries();
        return max == null ? 0 : max;
    }

    String key() {
        return sandbox.getMetadata().getNamespace() + "/"
                + sandbox.getMetadata().getName();
    }

    /** The facts the decision reads, as they are now. */
    SandboxFacts facts(boolean endedInEngineOutage) {
        SandboxStatus status = sandbox.getStatus();
        return new SandboxFacts(
                invalid,
                expired(),
                spec().getShutdownPolicy() != dev.sandbox.crd.ShutdownPolicy.Stop,
                spec().getDesiredState(),
                specChanged,
                restartWanted > progress.observedRestartRequest,
                status == null ? null : status.getPhase(),
                status == null ? null : status.getReason(),
                status != null && status.getContainerId() != null,
                looked,
                container,
                container != null
                        && plan != null
                        && !Objects.equals(
                                container.labels().get(SandboxNames.SPEC_HASH),
                                plan.labels().get(SandboxNames.SPEC_HASH)),
                container == null || plan == null || LimitChange.applied(container, plan),
                forceBuild(),
                endedInEngineOutage,
                progress.retryCount,
                maxRetries(),
                progress.nextRetryAt == null ? null : Instant.parse(progress.nextRetryAt),
                now,
                done);
    }
}
