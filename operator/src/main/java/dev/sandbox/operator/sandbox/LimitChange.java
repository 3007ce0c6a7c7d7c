package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.Containers;
import dev.sandbox.operator.runtime.LimitsRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New CPU or memory limits for an existing container, applied in place ({@code docker update}): a sandbox claimed
 * from a warm pool with other limits than the pool's keeps its running container and everything in it. Where the
 * engine refuses (e.g. a memory limit below what the container uses now), the container is recreated instead, with
 * the same workspace, as for any other change Docker cannot make in place.
 */
final class LimitChange implements SandboxStep {
    private static final Logger log = LoggerFactory.getLogger(LimitChange.class);

    private final Containers runtime;
    private final SandboxJournal journal;

    LimitChange(Containers runtime, SandboxJournal journal) {
        this.runtime = runtime;
        this.journal = journal;
    }

    /** Whether the container already has the plan's limits (or they were not read, as from a container list). */
    static boolean applied(ContainerState container, ContainerSpec plan) {
        return container.nanoCpus() == null
                || container.memoryBytes() == null
                || (container.nanoCpus() == plan.nanoCpus() && container.memoryBytes() == plan.memoryBytes());
    }

    /** Leaves the container with its new limits, or none when it had to be removed to be made again. */
    @Override
    public Observation run(PassState pass) {
        ContainerState container = pass.container;
        ContainerSpec plan = pass.plan;
        String change = "cpu " + container.nanoCpus() / 1e9 + " -> " + plan.nanoCpus() / 1e9 + " cores, memory "
                + container.memoryBytes() + " -> " + plan.memoryBytes() + " bytes";
        try {
            runtime.updateLimits(container.id(), plan.nanoCpus(), plan.memoryBytes());
            log.info("sandbox {}: limits changed in place ({})", pass.key(), change);
            journal.record(pass.sandbox, JournalEntry.resized(change));
            pass.container = container.withLimits(plan.nanoCpus(), plan.memoryBytes());
        } catch (LimitsRefusedException e) {
            log.info(
                    "sandbox {}: limits cannot change in place ({}): {}; recreating its container (the workspace is kept)",
                    pass.key(),
                    change,
                    e.getMessage());
            runtime.remove(container.id());
            journal.record(pass.sandbox, JournalEntry.recreatingForLimits());
            pass.container = null;
        }
        return null;
    }
}
