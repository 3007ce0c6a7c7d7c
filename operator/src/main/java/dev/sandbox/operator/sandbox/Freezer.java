package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.Containers;
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

    private final Containers runtime;
    private final SandboxJournal journal;

    Freezer(Containers runtime, SandboxJournal journal) {
        this.runtime = runtime;
        this.journal = journal;
    }

    /** The {@code PAUSE} step. */
    Observation pause(PassState pass) {
        log.info("sandbox {}: pausing (processes frozen, memory kept)", pass.key());
        runtime.pause(pass.container.id());
        // The phase change to Paused publishes the Event and the history row.
        pass.container = runtime.inspect(pass.container.name()).orElse(pass.container);
        return null;
    }

    /** The {@code RESUME} step. */
    Observation resume(PassState pass) {
        log.info("sandbox {}: resuming", pass.key());
        runtime.unpause(pass.container.id());
        journal.record(pass.sandbox, JournalEntry.resumed());
        pass.container = runtime.inspect(pass.container.name()).orElse(pass.container);
        return null;
    }

    /** Resumes a paused container before it is stopped, restarted or removed, so its processes can act on signals. */
    static void thaw(Containers runtime, ContainerState container) {
        if (container.paused()) {
            runtime.unpause(container.id());
        }
    }
}
