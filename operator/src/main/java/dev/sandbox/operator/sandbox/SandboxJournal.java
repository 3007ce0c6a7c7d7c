package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.kube.KubernetesEvents;
import dev.sandbox.operator.mirror.SandboxMirror;

/**
 * Tells what happened to a sandbox to both of its readers at once: the Kubernetes Event and the history row in
 * PostgreSQL. Neither write blocks nor fails the caller (Events go out in the background when the events publisher does
 * so; the mirror keeps rows while the database is away).
 */
public final class SandboxJournal {
    private final KubernetesEvents events;
    private final SandboxMirror mirror;

    public SandboxJournal(KubernetesEvents events, SandboxMirror mirror) {
        this.events = events;
        this.mirror = mirror;
    }

    /** Writes the entry's history row, then publishes its Event (each only when the entry has it). */
    public void record(Sandbox sandbox, JournalEntry entry) {
        if (entry.historyType() != null) {
            mirror.transition(sandbox, entry.historyType(), entry.historyReason(), entry.historyMessage());
        }
        if (entry.eventReason() != null) {
            events.publish(sandbox, entry.warning(), entry.eventReason(), entry.eventMessage());
        }
    }
}
