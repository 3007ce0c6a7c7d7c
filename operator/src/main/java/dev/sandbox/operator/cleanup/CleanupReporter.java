package dev.sandbox.operator.cleanup;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.kube.KubernetesEvents;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.monitor.OperatorMetrics;
import dev.sandbox.operator.sandbox.JournalEntry;
import dev.sandbox.operator.sandbox.SandboxJournal;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes every clean-up action visible the same way: a log line, a Kubernetes Event, a history row and a metric. */
final class CleanupReporter {
    private static final Logger log = LoggerFactory.getLogger(CleanupReporter.class);

    private final SandboxJournal journal;
    private final OperatorMetrics metrics;

    CleanupReporter(KubernetesEvents events, SandboxMirror mirror, OperatorMetrics metrics) {
        this.journal = new SandboxJournal(events, mirror);
        this.metrics = metrics;
    }

    /**
     * @param sandbox the resource, or a stand-in naming one that no longer exists ({@link #vanished})
     * @param action the metric's {@code action} label, one of {@link OperatorMetrics#CLEANUP_ACTIONS}
     * @param event whether to publish a Kubernetes Event on it
     * @param historyType the history row's type
     * @param reason CamelCase reason of the event and the history row
     */
    void report(Sandbox sandbox, String action, boolean event, String historyType, String reason, String message) {
        log.info(
                "sandbox {}/{} (uid {}): {}",
                sandbox.getMetadata().getNamespace(),
                sandbox.getMetadata().getName(),
                sandbox.getMetadata().getUid(),
                message);
        JournalEntry entry = new JournalEntry(false, reason, message, historyType, reason, message);
        journal.record(sandbox, event ? entry : JournalEntry.historyOnly(historyType, reason, message));
        metrics.cleanup(action);
    }

    /** A stand-in for a Sandbox that no longer exists, enough to name it in an event and a history row. */
    static Sandbox vanished(String namespace, String name, String uid, String node) {
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withUid(uid)
                .build());
        SandboxSpec spec = new SandboxSpec();
        spec.setNodeName(node);
        sandbox.setSpec(spec);
        return sandbox;
    }
}
