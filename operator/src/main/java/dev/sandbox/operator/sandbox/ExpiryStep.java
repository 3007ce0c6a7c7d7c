package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.model.Observation;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Deletes a sandbox whose lifetime is over (unless its policy is to stop); the finalizer then removes the rest. */
final class ExpiryStep implements SandboxStep {
    private final KubernetesClient client;
    private final SandboxJournal journal;

    ExpiryStep(KubernetesClient client, SandboxJournal journal) {
        this.client = client;
        this.journal = journal;
    }

    @Override
    public Observation run(PassState pass) {
        Sandbox sandbox = pass.sandbox;
        if (sandbox.getMetadata().getDeletionTimestamp() == null) {
            String message = "lifetime of " + pass.spec().getResources().getTimeoutSeconds() + " s reached; deleting";
            journal.record(sandbox, JournalEntry.expired(message));
            client.resource(sandbox).delete();
        }
        return new Observation(
                SandboxPhase.Terminating, Observation.REASON_EXPIRED, "lifetime reached; deleting", null);
    }
}
