package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.model.Observation;

/**
 * One thing that happened to a sandbox, in the two words it is told in: a Kubernetes Event (for {@code kubectl
 * describe}) and a history row in PostgreSQL (for the REST history). Either half may be absent where only one reader
 * cares. Every entry the sandbox controller writes is made by a factory here, so the wording lives in one place.
 *
 * @param warning whether the Event is a Warning rather than Normal
 * @param eventReason the Event's CamelCase reason, or null for no Event
 * @param eventMessage the Event's message
 * @param historyType the history row's type, or null for no row
 * @param historyReason the history row's reason
 * @param historyMessage the history row's message
 */
public record JournalEntry(
        boolean warning,
        String eventReason,
        String eventMessage,
        String historyType,
        String historyReason,
        String historyMessage) {

    /** An Event named {@code type} and a history row of that type, both saying {@code message}. */
    public static JournalEntry of(String type, String reason, String message) {
        return new JournalEntry(false, type, message, type, reason, message);
    }

    /** An Event only: nobody queries its history row. */
    public static JournalEntry eventOnly(boolean warning, String reason, String message) {
        return new JournalEntry(warning, reason, message, null, null, null);
    }

    /** A history row only: the step is too fine-grained for {@code kubectl describe}. */
    public static JournalEntry historyOnly(String type, String reason, String message) {
        return new JournalEntry(false, null, null, type, reason, message);
    }

    /** The phase the status now shows, told as an Event with the phase's reason and a row typed by the phase. */
    public static JournalEntry phase(String phase, String reason, String message, boolean warning) {
        return new JournalEntry(warning, reason, message, phase, reason, message);
    }

    /** The same entry whose Event words it for a person reading {@code kubectl describe}. */
    public JournalEntry withEventMessage(String message) {
        return new JournalEntry(warning, eventReason, message, historyType, historyReason, historyMessage);
    }

    /** The same entry published as a Warning. */
    public JournalEntry asWarning() {
        return new JournalEntry(true, eventReason, eventMessage, historyType, historyReason, historyMessage);
    }

    public static JournalEntry scheduled(String node) {
        return of("Scheduled", "Bound", "bound to node " + node);
    }

    public static JournalEntry expired(String message) {
        return of(Observation.REASON_EXPIRED, Observation.REASON_EXPIRED, message);
    }

    public static JournalEntry recreatingForSpec() {
        return of("Recreating", "SpecChanged", "container recreated to apply a spec change")
                .withEventMessage("recreating the container to apply a spec change; the workspace is kept");
    }

    public static JournalEntry recreatingForLimits() {
        return eventOnly(false, "Recreating", "recreating the container to apply new limits; the workspace is kept");
    }

    public static JournalEntry resized(String change) {
        return of("Resized", "Resized", change).withEventMessage("limits changed in place: " + change);
    }

    public static JournalEntry restartedOnRequest() {
        return of("Restarted", "RestartRequested", "restarted on request");
    }

    public static JournalEntry restartedAfterFailure(String failure, String failureMessage, int retry, int maxRetries) {
        return of("Restarted", failure, "restart " + retry + " of " + maxRetries + " after: " + failureMessage)
                .withEventMessage("restarted after a failure (" + failure + "), restart " + retry + " of " + maxRetries)
                .asWarning();
    }

    public static JournalEntry pulled(String image) {
        return of("Pulled", "Pulled", "pulled image " + image);
    }

    public static JournalEntry building(String image) {
        return eventOnly(false, "Building", "building image " + image);
    }

    public static JournalEntry built(String image) {
        return of("Built", "Built", "built image " + image);
    }

    public static JournalEntry restored(String snapshot) {
        return historyOnly("Restored", "FromSnapshot", "workspace restored from snapshot " + snapshot);
    }

    public static JournalEntry created(String container) {
        return of("Created", "Created", "container " + container + " created")
                .withEventMessage("created container " + container);
    }

    public static JournalEntry resumed() {
        return of("Resumed", "Resumed", "resumed on request")
                .withEventMessage("resumed: every process goes on where it was paused");
    }

    public static JournalEntry deleted() {
        return of("Deleted", "Deleted", "container and workspace removed")
                .withEventMessage("container, network and workspace removed");
    }
}
