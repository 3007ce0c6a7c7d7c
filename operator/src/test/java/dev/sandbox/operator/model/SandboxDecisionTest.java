package dev.sandbox.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.runtime.ContainerState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** State × spec → action: every row is one situation a reconcile can meet, with no engine and no API server. */
class SandboxDecisionTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    static final String HASH = "abc";

    static ContainerState container(String status, Integer exitCode, boolean oomKilled) {
        return new ContainerState(
                "c1",
                "sandbox-1",
                status,
                exitCode,
                oomKilled,
                null,
                "2026-01-01T00:00:01Z",
                "running".equals(status) ? null : "2026-01-01T00:09:00Z",
                Map.of(SandboxNames.SPEC_HASH, HASH),
                List.of(),
                "",
                List.of(),
                null,
                null);
    }

    static final ContainerState RUNNING = container("running", null, false);
    static final ContainerState PAUSED = container("paused", null, false);
    static final ContainerState CREATED = container("created", null, false);
    static final ContainerState EXITED_0 = container("exited", 0, false);
    static final ContainerState CRASHED = container("exited", 2, false);
    static final ContainerState OOM = container("exited", 137, true);

    /** Facts of a healthy running sandbox whose container was just looked at; each row changes what it is about. */
    static final class Facts {
        String invalid;
        boolean expired;
        boolean deleteWhenExpired = true;
        DesiredState desired = DesiredState.Running;
        boolean specChanged;
        boolean restartPending;
        SandboxPhase recordedPhase = SandboxPhase.Running;
        String recordedReason = Observation.REASON_STARTED;
        boolean containerRecorded = true;
        boolean looked = true;
        ContainerState container = RUNNING;
        boolean specHashDiffers;
        boolean limitsApplied = true;
        boolean forceBuild;
        boolean endedInEngineOutage;
        int retryCount;
        int maxRetries = 3;
        Instant nextRetryAt;
        Set<SandboxAction> done = EnumSet.noneOf(SandboxAction.class);

        SandboxFacts build() {
            return new SandboxFacts(
                    invalid,
                    expired,
                    deleteWhenExpired,
                    desired,
                    specChanged,
                    restartPending,
                    recordedPhase,
                    recordedReason,
                    containerRecorded,
                    looked,
                    container,
                    specHashDiffers,
                    limitsApplied,
                    forceBuild,
                    endedInEngineOutage,
                    retryCount,
                    maxRetries,
                    nextRetryAt,
                    NOW,
                    done);
        }

        Facts done(SandboxAction... actions) {
            done.addAll(List.of(actions));
            return this;
        }
    }

    static Arguments row(String situation, UnaryOperator<Facts> state, SandboxAction expected) {
        return Arguments.of(situation, state.apply(new Facts()).build(), expected);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // Before anything is looked at.
                row(
                        "spec cannot run",
                        f -> {
                            f.invalid = "spec.image is required";
                            return f;
                        },
                        SandboxAction.FAIL_INVALID),
                row(
                        "invalid beats expired",
                        f -> {
                            f.invalid = "x";
                            f.expired = true;
                            return f;
                        },
                        SandboxAction.FAIL_INVALID),
                row(
                        "lifetime over, policy delete",
                        f -> {
                            f.expired = true;
                            f.looked = false;
                            return f;
                        },
                        SandboxAction.DELETE_EXPIRED),
                row(
                        "lifetime over, policy stop",
                        f -> {
                            f.expired = true;
                            f.deleteWhenExpired = false;
                            return f;
                        },
                        SandboxAction.STOP),
                row(
                        "nothing looked at yet",
                        f -> {
                            f.looked = false;
                            f.container = null;
                            return f;
                        },
                        SandboxAction.LOOK),
                // Verdicts recorded before.
                row(
                        "permanent failure, same spec",
                        f -> {
                            f.recordedPhase = SandboxPhase.Failed;
                            f.recordedReason = Observation.REASON_IMAGE_NOT_FOUND;
                            f.container = null;
                            return f;
                        },
                        SandboxAction.KEEP_FAILED),
                row(
                        "permanent failure, spec changed",
                        f -> {
                            f.recordedPhase = SandboxPhase.Failed;
                            f.recordedReason = Observation.REASON_IMAGE_NOT_FOUND;
                            f.specChanged = true;
                            f.container = null;
                            return f;
                        },
                        SandboxAction.ENSURE_NETWORK),
                row(
                        "permanent failure, restart asked",
                        f -> {
                            f.recordedPhase = SandboxPhase.Failed;
                            f.recordedReason = Observation.REASON_START_FAILED;
                            f.restartPending = true;
                            return f;
                        },
                        SandboxAction.ENSURE_NETWORK),
                row(
                        "failed by its command is not permanent",
                        f -> {
                            f.recordedPhase = SandboxPhase.Failed;
                            f.recordedReason = Observation.REASON_ERROR;
                            f.container = CRASHED;
                            f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                            return f;
                        },
                        SandboxAction.BACK_OFF),
                row(
                        "recorded container removed behind our back",
                        f -> {
                            f.container = null;
                            return f;
                        },
                        SandboxAction.FAIL_REMOVED),
                row(
                        "recorded container of a stopped sandbox removed",
                        f -> {
                            f.container = null;
                            f.recordedPhase = SandboxPhase.Stopped;
                            f.desired = DesiredState.Stopped;
                            return f;
                        },
                        SandboxAction.FAIL_REMOVED),
                row(
                        "no container yet, none recorded",
                        f -> {
                            f.container = null;
                            f.containerRecorded = false;
                            f.recordedPhase = SandboxPhase.Pending;
                            return f;
                        },
                        SandboxAction.ENSURE_NETWORK),
                row(
                        "container gone while creating",
                        f -> {
                            f.container = null;
                            f.recordedPhase = SandboxPhase.Creating;
                            return f;
                        },
                        SandboxAction.ENSURE_NETWORK),
                row(
                        "container removed for a new spec",
                        f -> {
                            f.container = null;
                            f.specChanged = true;
                            return f;
                        },
                        SandboxAction.ENSURE_NETWORK),
                // Changes Docker cannot apply in place, and limits it can.
                row(
                        "spec hash differs",
                        f -> {
                            f.specHashDiffers = true;
                            return f;
                        },
                        SandboxAction.RECREATE),
                row(
                        "forced build not made yet",
                        f -> {
                            f.forceBuild = true;
                            return f;
                        },
                        SandboxAction.RECREATE),
                row(
                        "new limits",
                        f -> {
                            f.limitsApplied = false;
                            return f;
                        },
                        SandboxAction.UPDATE_LIMITS),
                row(
                        "recreated: not a removal behind our back",
                        f -> {
                            f.container = null;
                            return f.done(SandboxAction.RECREATE);
                        },
                        SandboxAction.ENSURE_NETWORK),
                row(
                        "limits refused, container removed",
                        f -> {
                            f.container = null;
                            return f.done(SandboxAction.UPDATE_LIMITS);
                        },
                        SandboxAction.ENSURE_NETWORK),
                // Stopped on request.
                row(
                        "stop a running container",
                        f -> {
                            f.desired = DesiredState.Stopped;
                            return f;
                        },
                        SandboxAction.STOP),
                row(
                        "stop a paused container",
                        f -> {
                            f.desired = DesiredState.Stopped;
                            f.container = PAUSED;
                            return f;
                        },
                        SandboxAction.STOP),
                row(
                        "stopped already",
                        f -> {
                            f.desired = DesiredState.Stopped;
                            f.container = EXITED_0;
                            return f;
                        },
                        SandboxAction.REPORT_STOPPED),
                row(
                        "stopped, no container",
                        f -> {
                            f.desired = DesiredState.Stopped;
                            f.container = null;
                            f.containerRecorded = false;
                            return f;
                        },
                        SandboxAction.REPORT_STOPPED),
                row(
                        "stop done",
                        f -> {
                            f.desired = DesiredState.Stopped;
                            return f.done(SandboxAction.STOP);
                        },
                        SandboxAction.REPORT_STOPPED),
                row(
                        "expired with policy stop, stopped",
                        f -> {
                            f.expired = true;
                            f.deleteWhenExpired = false;
                            f.container = EXITED_0;
                            return f;
                        },
                        SandboxAction.REPORT_STOPPED),
                // Making and starting.
                row("network first", f -> f, SandboxAction.ENSURE_NETWORK),
                row(
                        "create when none",
                        f -> {
                            f.container = null;
                            f.containerRecorded = false;
                            return f.done(SandboxAction.ENSURE_NETWORK);
                        },
                        SandboxAction.CREATE),
                row(
                        "start what was just created",
                        f -> {
                            f.container = CREATED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.CREATE);
                        },
                        SandboxAction.START),
                row(
                        "mount before starting an existing container",
                        f -> {
                            f.container = CREATED;
                            return f.done(SandboxAction.ENSURE_NETWORK);
                        },
                        SandboxAction.MOUNT_VOLUMES),
                row(
                        "created, never started (crash between)",
                        f -> {
                            f.container = CREATED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.START),
                row(
                        "restart asked",
                        f -> {
                            f.restartPending = true;
                            return f.done(SandboxAction.ENSURE_NETWORK);
                        },
                        SandboxAction.RESTART),
                row(
                        "restart asked of a paused one: mount first",
                        f -> {
                            f.restartPending = true;
                            f.container = PAUSED;
                            return f.done(SandboxAction.ENSURE_NETWORK);
                        },
                        SandboxAction.MOUNT_VOLUMES),
                row(
                        "restart asked, fulfilled by a new container",
                        f -> {
                            f.restartPending = false;
                            f.container = CREATED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.CREATE);
                        },
                        SandboxAction.START),
                row(
                        "wanted running again after a stop",
                        f -> {
                            f.recordedPhase = SandboxPhase.Stopped;
                            f.recordedReason = Observation.REASON_STOPPED;
                            f.container = EXITED_0;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.START_AGAIN),
                row(
                        "wanted running again after its lifetime stop",
                        f -> {
                            f.recordedPhase = SandboxPhase.Stopped;
                            f.recordedReason = Observation.REASON_EXPIRED;
                            f.container = CRASHED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.START_AGAIN),
                row(
                        "engine was unavailable",
                        f -> {
                            f.recordedPhase = SandboxPhase.Pending;
                            f.recordedReason = Observation.REASON_ENGINE_UNAVAILABLE;
                            f.container = CRASHED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.START_AGAIN),
                row(
                        "ended with the engine's outage",
                        f -> {
                            f.container = CRASHED;
                            f.endedInEngineOutage = true;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.START_AGAIN),
                row(
                        "completed with code 0",
                        f -> {
                            f.container = EXITED_0;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.REPORT),
                // Failures, back-off and giving up.
                row(
                        "crashed: first back-off",
                        f -> {
                            f.container = CRASHED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.BACK_OFF),
                row(
                        "crashed: back-off not over",
                        f -> {
                            f.container = CRASHED;
                            f.nextRetryAt = NOW.plusSeconds(1);
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.BACK_OFF),
                row(
                        "crashed: back-off over",
                        f -> {
                            f.container = CRASHED;
                            f.nextRetryAt = NOW;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.RETRY),
                row(
                        "out of memory: back-off over",
                        f -> {
                            f.container = OOM;
                            f.retryCount = 2;
                            f.nextRetryAt = NOW.minusSeconds(5);
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.RETRY),
                row(
                        "crashed: retries spent",
                        f -> {
                            f.container = CRASHED;
                            f.retryCount = 3;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.GIVE_UP),
                row(
                        "crashed: no retries allowed",
                        f -> {
                            f.container = CRASHED;
                            f.maxRetries = 0;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.GIVE_UP),
                row(
                        "died at once after its first start",
                        f -> {
                            f.container = CRASHED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.CREATE, SandboxAction.START);
                        },
                        SandboxAction.BACK_OFF),
                row(
                        "died again at once after a retry",
                        f -> {
                            f.container = CRASHED;
                            f.retryCount = 1;
                            return f.done(
                                    SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES, SandboxAction.RETRY);
                        },
                        SandboxAction.BACK_OFF),
                row(
                        "started again and died: never a second start",
                        f -> {
                            f.recordedPhase = SandboxPhase.Stopped;
                            f.recordedReason = Observation.REASON_STOPPED;
                            f.container = CRASHED;
                            return f.done(
                                    SandboxAction.ENSURE_NETWORK,
                                    SandboxAction.MOUNT_VOLUMES,
                                    SandboxAction.START_AGAIN);
                        },
                        SandboxAction.BACK_OFF),
                // Pause and resume.
                row(
                        "pause asked",
                        f -> {
                            f.desired = DesiredState.Paused;
                            return f.done(SandboxAction.ENSURE_NETWORK);
                        },
                        SandboxAction.PAUSE),
                row(
                        "paused as asked",
                        f -> {
                            f.desired = DesiredState.Paused;
                            f.container = PAUSED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.REPORT),
                row(
                        "resume asked",
                        f -> {
                            f.container = PAUSED;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.RESUME),
                row(
                        "pause asked of a stopped container: start it first",
                        f -> {
                            f.desired = DesiredState.Paused;
                            f.recordedPhase = SandboxPhase.Stopped;
                            f.recordedReason = Observation.REASON_STOPPED;
                            f.container = EXITED_0;
                            return f.done(SandboxAction.ENSURE_NETWORK, SandboxAction.MOUNT_VOLUMES);
                        },
                        SandboxAction.START_AGAIN),
                row("running as asked", f -> f.done(SandboxAction.ENSURE_NETWORK), SandboxAction.REPORT));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("table")
    void decides(String situation, SandboxFacts facts, SandboxAction expected) {
        assertThat(SandboxDecision.decide(facts)).as(situation).isEqualTo(expected);
    }

    @Test
    void everyPassEndsBecauseNoChangeIsDecidedTwice() {
        // Walk a fresh sandbox through a pass as the steps would leave it: create, start, and it runs.
        Facts f = new Facts();
        f.container = null;
        f.containerRecorded = false;
        f.recordedPhase = null;
        f.recordedReason = null;
        List<SandboxAction> taken = new java.util.ArrayList<>();
        for (ContainerState after : new ContainerState[] {null, CREATED, RUNNING, RUNNING}) {
            SandboxAction action = SandboxDecision.decide(f.build());
            taken.add(action);
            if (action.reports()) {
                break;
            }
            f.done(action);
            f.container = after;
        }
        assertThat(taken)
                .containsExactly(
                        SandboxAction.ENSURE_NETWORK, SandboxAction.CREATE, SandboxAction.START, SandboxAction.REPORT);
    }

    @Test
    void onlyReportsEndAPass() {
        assertThat(EnumSet.allOf(SandboxAction.class).stream().filter(SandboxAction::reports))
                .containsExactlyInAnyOrder(
                        SandboxAction.DELETE_EXPIRED,
                        SandboxAction.FAIL_INVALID,
                        SandboxAction.KEEP_FAILED,
                        SandboxAction.FAIL_REMOVED,
                        SandboxAction.REPORT_STOPPED,
                        SandboxAction.BACK_OFF,
                        SandboxAction.GIVE_UP,
                        SandboxAction.REPORT);
    }
}
