package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxDisk;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.mirror.SandboxMirror;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.model.StatusBuilder;
import dev.sandbox.operator.monitor.UsageCache;
import dev.sandbox.operator.monitor.UsageStatusPolicy;
import dev.sandbox.operator.network.SandboxNetworking;
import dev.sandbox.operator.runtime.DiskImages;
import dev.sandbox.operator.runtime.Volumes;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a reconcile found into the sandbox's status (through the one aggregator, {@link StatusBuilder}), with
 * the workspace's fill level, network and usage; tells a phase change to the journal; and says when to look again.
 * The status is written only when it says something new.
 */
final class StatusWriter {
    private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
    private static final long MIB = 1024 * 1024;

    private final Volumes runtime;
    private final OperatorConfig config;
    private final SandboxMirror mirror;
    private final SandboxJournal journal;
    private final SandboxNetworking networking;
    private final UsageCache usage;

    StatusWriter(
            Volumes runtime,
            OperatorConfig config,
            SandboxMirror mirror,
            SandboxJournal journal,
            SandboxNetworking networking,
            UsageCache usage) {
        this.runtime = runtime;
        this.config = config;
        this.mirror = mirror;
        this.journal = journal;
        this.networking = networking;
        this.usage = usage;
    }

    /** Writes the status; returns when the sandbox should be looked at again at the latest. */
    Duration write(Sandbox sandbox, Observation observed, Progress progress, Context<Sandbox> context) {
        SandboxStatus previous = sandbox.getStatus();
        SandboxStatus next = StatusBuilder.build(sandbox, observed, config.nodeName(), Instant.now());
        progress.applyTo(next);
        if (observed.phase() != SandboxPhase.Terminating
                && !Observation.REASON_INVALID_SPEC.equals(observed.reason())) {
            next.setDisk(disk(sandbox, previous));
        }
        next.setNetwork(networking.status(sandbox));
        String uid = sandbox.getMetadata().getUid();
        // Usage rides along with the status write the reconciler makes anyway; the policy keeps it to about once a
        // minute.
        next.setUsage(UsageStatusPolicy.next(
                previous == null ? null : previous.getUsage(),
                usage.latest(uid).orElse(null),
                next.getPhase() == SandboxPhase.Running,
                config.monitoring().statusInterval()));
        boolean phaseChanged = previous == null
                || previous.getPhase() != next.getPhase()
                || !Objects.equals(previous.getReason(), next.getReason());
        sandbox.setStatus(next);
        if (phaseChanged) {
            boolean warning =
                    next.getPhase() == SandboxPhase.Failed || Observation.REASON_BACK_OFF.equals(next.getReason());
            log.info(
                    "sandbox {}/{}: {} ({}: {})",
                    sandbox.getMetadata().getNamespace(),
                    sandbox.getMetadata().getName(),
                    next.getPhase(),
                    next.getReason(),
                    next.getMessage());
            journal.record(
                    sandbox, JournalEntry.phase(next.getPhase().name(), next.getReason(), next.getMessage(), warning));
        }
        usage.wroteStatus(uid, next.getUsage());
        if (previous == null || !StatusBuilder.same(previous, next)) {
            mirror.record(sandbox);
            // Replaced whole, with the resource version as a lock, and the result cached: the next reconcile starts
            // from this status even when the watch has not delivered it yet, and a write based on an older copy is
            // refused and redone on the newer one instead of patching fields that are no longer there.
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(sandbox, context, fresh -> {
                fresh.setStatus(next);
                return fresh;
            });
        }
        // A missing NetworkVolume needs no polling: its informer brings the sandbox back when it appears.
        return Observation.REASON_SNAPSHOT_PENDING.equals(next.getReason())
                        || Observation.REASON_SNAPSHOT_NOT_FOUND.equals(next.getReason())
                ? Duration.ofMillis(250)
                : nextCheck(progress);
    }

    /**
     * The workspace's fill level for the status: refreshed when it moved by a mebibyte or more, so a sandbox writing
     * steadily does not turn every re-check into a status write.
     */
    private SandboxDisk disk(Sandbox sandbox, SandboxStatus previous) {
        long limit = MountStep.diskBytes(sandbox.getSpec());
        SandboxDisk before = previous == null ? null : previous.getDisk();
        Optional<DiskImages.Usage> measured = runtime.diskUsage(
                SandboxNames.workspaceVolume(sandbox.getMetadata().getUid()));
        if (measured.isEmpty()) {
            boolean enforced = runtime.diskLimitsEnforced();
            return before != null
                            && Objects.equals(before.limitBytes(), limit)
                            && Objects.equals(before.enforced(), enforced)
                    ? before
                    : new SandboxDisk(before == null ? null : before.usedBytes(), limit, enforced);
        }
        long used = measured.get().usedBytes();
        if (before != null
                && before.usedBytes() != null
                && Math.abs(before.usedBytes() - used) < MIB
                && Objects.equals(before.limitBytes(), measured.get().limitBytes())
                && Boolean.TRUE.equals(before.enforced())) {
            return before;
        }
        return new SandboxDisk(used, measured.get().limitBytes(), true);
    }

    /** The periodic re-check, sooner when a retry or the end of the lifetime is due. */
    private Duration nextCheck(Progress p) {
        Duration after = config.resyncInterval();
        Instant now = Instant.now();
        for (String due : new String[] {p.nextRetryAt, p.expiresAt}) {
            if (due != null) {
                Duration until = Duration.between(now, Instant.parse(due)).plusMillis(50);
                if (until.isNegative()) {
                    until = Duration.ofMillis(50);
                }
                if (until.compareTo(after) < 0) {
                    after = until;
                }
            }
        }
        return after;
    }
}
