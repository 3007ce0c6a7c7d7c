package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.runtime.Containers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a container made for another spec (or before a forced build) so that one for the current spec is made; the
 * workspace volume stays, so files survive changes Docker cannot apply in place (env, entrypoint, mounts, ports).
 */
final class RecreateStep implements SandboxStep {
    private static final Logger log = LoggerFactory.getLogger(RecreateStep.class);

    private final Containers runtime;
    private final SandboxJournal journal;

    RecreateStep(Containers runtime, SandboxJournal journal) {
        this.runtime = runtime;
        this.journal = journal;
    }

    @Override
    public Observation run(PassState pass) {
        log.info("sandbox {}: spec changed; recreating its container (the workspace is kept)", pass.key());
        Freezer.thaw(runtime, pass.container);
        runtime.remove(pass.container.id());
        journal.record(pass.sandbox, JournalEntry.recreatingForSpec());
        pass.container = null;
        return null;
    }
}
