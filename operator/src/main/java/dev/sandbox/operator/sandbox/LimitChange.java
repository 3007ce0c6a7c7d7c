package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New CPU or memory limits for an existing container, applied in place ({@code docker update}): a sandbox claimed
 * from a warm pool with other limits than the pool's keeps its running container and everything in it. Where the
 * engine refuses (e.g. a memory limit below what the container uses now), the container is recreated instead, with
 * the same workspace, as for any other change Docker cannot make in place.
 */
final class LimitChange {
    private static final Logger log = LoggerFactory.getLogger(LimitChange.class);

    private LimitChange() {}

    /** Whether the container already has the plan's limits (or they were not read, as from a container list). */
    static boolean applied(ContainerState container, ContainerSpec plan) {
        return container.nanoCpus() == null
                || container.memoryBytes() == null
                || container.nanoCpus() == plan.nanoCpus() && container.memoryBytes() == plan.memoryBytes();
    }

    /** The container with its new limits, or empty when it had to be removed to be made again. */
    static Optional<ContainerState> apply(
            ContainerRuntime runtime,
            ContainerState container,
            ContainerSpec plan,
            Sandbox sandbox,
            KubernetesEvents events,
            SandboxMirror mirror) {
        String key = sandbox.getMetadata().getNamespace() + "/"
                + sandbox.getMetadata().getName();
        String change = "cpu " + container.nanoCpus() / 1e9 + " -> " + plan.nanoCpus() / 1e9 + " cores, memory "
                + container.memoryBytes() + " -> " + plan.memoryBytes() + " bytes";
        try {
            runtime.updateLimits(container.id(), plan.nanoCpus(), plan.memoryBytes());
            log.info("sandbox {}: limits changed in place ({})", key, change);
            events.publish(sandbox, false, "Resized", "limits changed in place: " + change);
            mirror.transition(sandbox, "Resized", "Resized", change);
            return Optional.of(new ContainerState(
                    container.id(),
                    container.name(),
                    container.status(),
                    container.exitCode(),
                    container.oomKilled(),
                    container.error(),
                    container.startedAt(),
                    container.finishedAt(),
                    container.labels(),
                    container.ports(),
                    container.user(),
                    container.volumes(),
                    plan.nanoCpus(),
                    plan.memoryBytes()));
        } catch (UnsupportedOperationException | com.github.dockerjava.api.exception.DockerException e) {
            log.info(
                    "sandbox {}: limits cannot change in place ({}): {}; recreating its container (the workspace is kept)",
                    key,
                    change,
                    e.getMessage());
            runtime.remove(container.id());
            events.publish(
                    sandbox,
                    false,
                    "Recreating",
                    "recreating the container to apply new limits; the workspace is kept");
            return Optional.empty();
        }
    }
}
