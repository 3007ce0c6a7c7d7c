package dev.sandbox.operator.model;

import dev.sandbox.crd.ResolvedPort;
import dev.sandbox.crd.ResourceCondition;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.operator.runtime.ContainerSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds the status that describes an observation. Pure: the same inputs give the same status. */
public final class StatusBuilder {
    public static final String READY = "Ready";
    public static final String SCHEDULED = "Scheduled";

    private StatusBuilder() {}

    public static SandboxStatus build(Sandbox sandbox, Observation observed, String node, Instant now) {
        SandboxStatus previous = sandbox.getStatus() == null ? new SandboxStatus() : sandbox.getStatus();
        long generation = sandbox.getMetadata().getGeneration() == null
                ? 0
                : sandbox.getMetadata().getGeneration();
        SandboxStatus s = new SandboxStatus();
        s.setPhase(observed.phase());
        s.setReason(observed.reason());
        s.setMessage(observed.message());
        s.setObservedGeneration(generation);
        s.setNodeName(node);
        s.setRestartCount(previous.getRestartCount() == null ? 0 : previous.getRestartCount());
        if (observed.container() != null) {
            s.setContainerId(observed.container().id());
            s.setContainerName(observed.container().name());
            s.setStartedAt(observed.container().startedAt());
            s.setFinishedAt(
                    observed.container().running() || observed.container().paused()
                            ? null
                            : observed.container().finishedAt());
            s.setExitCode(observed.container().exited() ? observed.container().exitCode() : null);
            s.setPorts(ports(sandbox, observed.container().ports()));
        } else if (observed.phase() == SandboxPhase.Failed || observed.phase() == SandboxPhase.Terminating) {
            // Keep what was last known about a container that is gone, so users can see how it ended.
            s.setContainerId(previous.getContainerId());
            s.setContainerName(previous.getContainerName());
            s.setStartedAt(previous.getStartedAt());
            s.setFinishedAt(previous.getFinishedAt());
            s.setExitCode(previous.getExitCode());
        }
        s.setConditions(
                conditions(previous, node, observed.phase(), observed.reason(), observed.message(), generation, now));
        return s;
    }

    /**
     * The status of a sandbox that no node has room for, as the scheduler reports it: everything else the status says
     * is kept; phase, reason, message and both conditions say why it waits.
     */
    public static SandboxStatus unschedulable(Sandbox latest, String message, Instant now) {
        SandboxStatus next = copy(latest.getStatus());
        long generation = latest.getMetadata().getGeneration() == null
                ? 0
                : latest.getMetadata().getGeneration();
        next.setPhase(SandboxPhase.Pending);
        next.setReason(Observation.REASON_UNSCHEDULABLE);
        next.setMessage(message);
        next.setObservedGeneration(generation);
        next.setConditions(conditions(
                latest.getStatus(),
                null,
                SandboxPhase.Pending,
                Observation.REASON_UNSCHEDULABLE,
                message,
                generation,
                now));
        return next;
    }

    /**
     * The status after a reconcile that failed and is retried: everything the status says is kept but phase, reason
     * and message, and the conditions are made again from those, so that they never disagree with the phase.
     */
    public static SandboxStatus retrying(
            Sandbox sandbox, SandboxPhase phase, String reason, String message, Instant now) {
        SandboxStatus next = copy(sandbox.getStatus());
        next.setPhase(phase);
        next.setReason(reason);
        next.setMessage(message);
        long generation = next.getObservedGeneration() == null ? 0 : next.getObservedGeneration();
        String node = sandbox.getSpec() == null ? null : sandbox.getSpec().getNodeName();
        next.setConditions(conditions(sandbox.getStatus(), node, phase, reason, message, generation, now));
        return next;
    }

    /**
     * The two conditions every status carries: {@code Scheduled} (bound to a node, or why not) and {@code Ready}
     * (true exactly when the phase is Running).
     */
    private static List<ResourceCondition> conditions(
            SandboxStatus previous,
            String node,
            SandboxPhase phase,
            String reason,
            String message,
            long generation,
            Instant now) {
        SandboxStatus before = previous == null ? new SandboxStatus() : previous;
        boolean unschedulable = Observation.REASON_UNSCHEDULABLE.equals(reason);
        List<ResourceCondition> conditions = new ArrayList<>();
        conditions.add(condition(
                before,
                SCHEDULED,
                node == null ? ResourceCondition.FALSE : ResourceCondition.TRUE,
                node == null ? unschedulable ? reason : Observation.REASON_UNSCHEDULED : "Bound",
                node == null ? unschedulable ? message : "waiting for a node" : "bound to node " + node,
                generation,
                now));
        boolean ready = phase == SandboxPhase.Running;
        conditions.add(condition(
                before,
                READY,
                ready ? ResourceCondition.TRUE : ResourceCondition.FALSE,
                reason,
                message,
                generation,
                now));
        return conditions;
    }

    /** A copy to change, so that a status read from a cache is never changed in place. */
    private static SandboxStatus copy(SandboxStatus status) {
        return status == null ? new SandboxStatus() : io.fabric8.kubernetes.client.utils.Serialization.clone(status);
    }

    /** Ports as published, with the protocol the user asked for (Docker only knows tcp and udp). */
    private static List<ResolvedPort> ports(Sandbox sandbox, List<ContainerSpec.PublishedPort> published) {
        List<ResolvedPort> ports = new ArrayList<>();
        for (ContainerSpec.PublishedPort p : published) {
            String protocol = sandbox.getSpec().getPorts().stream()
                    .filter(sp -> Objects.equals(sp.getInternal(), p.containerPort()))
                    .map(SandboxPort::getProtocol)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(p.transport());
            ports.add(new ResolvedPort(p.containerPort(), p.hostPort(), p.hostIp(), protocol));
        }
        ports.sort((a, b) -> Integer.compare(a.internal(), b.internal()));
        return ports;
    }

    /** A condition that keeps its previous transition time unless its status changed. */
    private static ResourceCondition condition(
            SandboxStatus previous,
            String type,
            String status,
            String reason,
            String message,
            long generation,
            Instant now) {
        String since = previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(ResourceCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(now.toString());
        return new ResourceCondition(type, status, reason, message, since, generation);
    }

    /** Whether two statuses say the same thing, so an unchanged status is not written again. */
    public static boolean same(SandboxStatus a, SandboxStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.getPhase() == b.getPhase()
                && Objects.equals(a.getReason(), b.getReason())
                && Objects.equals(a.getMessage(), b.getMessage())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getContainerId(), b.getContainerId())
                && Objects.equals(a.getContainerName(), b.getContainerName())
                && Objects.equals(a.getNodeName(), b.getNodeName())
                && Objects.equals(a.getStartedAt(), b.getStartedAt())
                && Objects.equals(a.getFinishedAt(), b.getFinishedAt())
                && Objects.equals(a.getExitCode(), b.getExitCode())
                && Objects.equals(a.getRestartCount(), b.getRestartCount())
                && Objects.equals(a.getPorts(), b.getPorts())
                && Objects.equals(a.getNetwork(), b.getNetwork())
                && Objects.equals(a.getConditions(), b.getConditions())
                && Objects.equals(a.getRetryCount(), b.getRetryCount())
                && Objects.equals(a.getNextRetryAt(), b.getNextRetryAt())
                && Objects.equals(a.getObservedRestartRequest(), b.getObservedRestartRequest())
                && Objects.equals(a.getExpiresAt(), b.getExpiresAt())
                && Objects.equals(a.getImage(), b.getImage())
                && Objects.equals(a.getBuildContextHash(), b.getBuildContextHash())
                && Objects.equals(a.getBuiltForGeneration(), b.getBuiltForGeneration())
                && Objects.equals(a.getBuildLog(), b.getBuildLog())
                && Objects.equals(a.getLogTail(), b.getLogTail())
                && Objects.equals(a.getRestoredFromSnapshot(), b.getRestoredFromSnapshot())
                && Objects.equals(a.getUsage(), b.getUsage())
                && Objects.equals(a.getDisk(), b.getDisk());
    }
}
