package dev.sandbox.benchmarks;

import java.util.List;

/**
 * Where the time of one create through the gateway goes, averaged over several creates done one at a time: each
 * Docker call the operator makes and each change of the Sandbox resource seen by a watch, with its offset from the
 * moment the request was sent.
 *
 * @param creates how many creates were timed
 * @param meanTotalMs mean time from sending the request to receiving the Running answer
 * @param meanDockerMs mean time spent inside the operator's Docker calls per create
 * @param steps the steps in the order they happen on average
 * @param references single calls timed on their own, to tell the parts of the total apart (a REST read, a Kubernetes
 *     read, a create that does not wait)
 */
public record CreateBreakdown(
        int creates, double meanTotalMs, double meanDockerMs, List<Step> steps, List<Reference> references) {

    /**
     * A call timed on its own.
     *
     * @param label what was called
     * @param meanMs mean duration
     * @param n how often
     */
    public record Reference(String label, double meanMs, int n) {}

    /**
     * One step.
     *
     * @param label what happened, e.g. {@code docker create} or {@code resource: status Running}
     * @param meanStartMs mean offset of its start from sending the request
     * @param meanDurationMs mean duration (0 for changes seen on the watch, which are moments)
     * @param seenIn in how many of the creates it happened
     */
    public record Step(String label, double meanStartMs, double meanDurationMs, int seenIn) {}
}
