package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pause and resume: brings a live container to the frozen or running state that {@code spec.desiredState} asks for.
 * The engine's pause freezes every process in the container's cgroup, so memory is kept and no CPU is used; resuming
 * lets each process go on where it was. The state lives in the engine, so an operator restart changes nothing: a paused
 * container is found paused and left so.
 */
final class Freezer {
    private static final Logger log = LoggerFactory.getLogger(Freezer.class);

    private Freezer() {}

    /** The container after pausing or resuming it as the spec asks; unchanged when it is already so or not live. */
    static ContainerState apply(
            ContainerRuntime runtime, Sandbox sandbox, ContainerState container, SandboxJournal journal) {
        DesiredState wanted = sandbox.getSpec().getDesiredState();
        String key = sandbox.getMetadata().getNamespace() + "/"
                + sandbox.getMetadata().getName();
        if (wanted == DesiredState.Paused && container.running()) {
            log.info("sandbox {}: pausing (processes frozen, memory kept)", key);
            runtime.pause(container.id());
            // The phase change to Paused publishes the Event and the history row.
            return runtime.inspect(container.name()).orElse(container);
        }
        if (wanted == DesiredState.Running && container.paused()) {
            log.info("sandbox {}: resuming", key);
            runtime.unpause(container.id());
            journal.record(sandbox, JournalEntry.resumed());
            return runtime.inspect(container.name()).orElse(container);
        }
        return container;
    }

    /** Resumes a paused container before it is stopped, restarted or removed, so its processes can act on signals. */
    static void thaw(ContainerRuntime runtime, ContainerState container) {
        if (container.paused()) {
            runtime.unpause(container.id());
        }
    }
}
