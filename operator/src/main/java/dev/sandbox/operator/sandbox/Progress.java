package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.SandboxStatus;

/**
 * The counters and bookkeeping a sandbox's status carries from one reconcile to the next (restarts, retries, build,
 * lifetime). Read from the previous status, updated by the reconcile, written into the new status.
 */
final class Progress {
    int restartCount;
    int retryCount;
    String nextRetryAt;
    int observedRestartRequest;
    String expiresAt;
    String image;
    String buildContextHash;
    Long builtForGeneration;
    String buildLog;
    String logTail;
    /** The snapshot whose workspace was copied into this sandbox's workspace; set once, so it is never copied twice. */
    String restoredFromSnapshot;

    static Progress from(SandboxStatus status) {
        Progress p = new Progress();
        if (status != null) {
            p.restartCount = status.getRestartCount() == null ? 0 : status.getRestartCount();
            p.retryCount = status.getRetryCount() == null ? 0 : status.getRetryCount();
            p.nextRetryAt = status.getNextRetryAt();
            p.observedRestartRequest =
                    status.getObservedRestartRequest() == null ? 0 : status.getObservedRestartRequest();
            p.expiresAt = status.getExpiresAt();
            p.image = status.getImage();
            p.buildContextHash = status.getBuildContextHash();
            p.builtForGeneration = status.getBuiltForGeneration();
            p.buildLog = status.getBuildLog();
            p.logTail = status.getLogTail();
            p.restoredFromSnapshot = status.getRestoredFromSnapshot();
        }
        return p;
    }

    /** This, or {@code other} when other is further along (more restarts, retries or handled restart requests). */
    Progress newerOf(Progress other) {
        if (other == null) {
            return this;
        }
        boolean otherAhead = other.restartCount > restartCount
                || other.observedRestartRequest > observedRestartRequest
                || other.retryCount > retryCount
                || (other.nextRetryAt != null && nextRetryAt == null && other.retryCount == retryCount);
        return otherAhead ? other.copy() : this;
    }

    private Progress copy() {
        Progress p = new Progress();
        p.restartCount = restartCount;
        p.retryCount = retryCount;
        p.nextRetryAt = nextRetryAt;
        p.observedRestartRequest = observedRestartRequest;
        p.expiresAt = expiresAt;
        p.image = image;
        p.buildContextHash = buildContextHash;
        p.builtForGeneration = builtForGeneration;
        p.buildLog = buildLog;
        p.logTail = logTail;
        p.restoredFromSnapshot = restoredFromSnapshot;
        return p;
    }

    void applyTo(SandboxStatus status) {
        status.setRestartCount(restartCount);
        status.setRetryCount(retryCount);
        status.setNextRetryAt(nextRetryAt);
        status.setObservedRestartRequest(observedRestartRequest);
        status.setExpiresAt(expiresAt);
        status.setImage(image);
        status.setBuildContextHash(buildContextHash);
        status.setBuiltForGeneration(builtForGeneration);
        status.setBuildLog(buildLog);
        status.setLogTail(logTail);
        status.setRestoredFromSnapshot(restoredFromSnapshot);
    }

    /** The last {@code max} characters of a text, starting at a line boundary when possible. */
    static String tail(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String cut = text.substring(text.length() - max);
        int nl = cut.indexOf('\n');
        return nl >= 0 && nl < cut.length() - 1 ? cut.substring(nl + 1) : cut;
    }
}
