package dev.sandbox.operator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdlePolicyTest {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    static final Duration DELETE_AFTER = Duration.ofHours(1);

    static Sandbox running(String startedAt) {
        Sandbox s = new Sandbox();
        s.setMetadata(new ObjectMetaBuilder()
                .withName("s")
                .withNamespace("ns")
                .withUid("u")
                .withCreationTimestamp(CREATED.toString())
                .build());
        s.setSpec(new SandboxSpec());
        SandboxStatus status = new SandboxStatus();
        status.setPhase(SandboxPhase.Running);
        status.setStartedAt(startedAt);
        s.setStatus(status);
        return s;
    }

    static Sandbox idleStopped(Instant at) {
        Sandbox s = running(null);
        s.getSpec().setDesiredState(DesiredState.Stopped);
        s.getStatus().setPhase(SandboxPhase.Stopped);
        s.getMetadata().setAnnotations(Map.of(IdlePolicy.IDLE_STOPPED_AT, at.toString()));
        return s;
    }

    static IdleDecision.Action decide(Sandbox s, Instant activity, Instant now) {
        return IdlePolicy.decide(s, activity, TIMEOUT, DELETE_AFTER, now).action();
    }

    @Test
    void theClockRunsFromTheLatestOfCreationLastStartAndLastActivity() {
        Sandbox s = running("2026-01-01T00:05:00.123456789Z");
        assertThat(decide(s, null, CREATED.plus(TIMEOUT))).isEqualTo(IdleDecision.Action.NONE);
        assertThat(decide(s, null, CREATED.plus(Duration.ofMinutes(15)))).isEqualTo(IdleDecision.Action.NONE);
        assertThat(decide(s, null, CREATED.plus(Duration.ofMinutes(15)).plusMillis(124)))
                .isEqualTo(IdleDecision.Action.STOP);
        Instant activity = CREATED.plus(Duration.ofMinutes(20));
        assertThat(decide(s, activity, activity.plus(TIMEOUT).minusMillis(1))).isEqualTo(IdleDecision.Action.NONE);
        IdleDecision stop = IdlePolicy.decide(s, activity, TIMEOUT, DELETE_AFTER, activity.plus(TIMEOUT));
        assertThat(stop.action()).isEqualTo(IdleDecision.Action.STOP);
        assertThat(stop.message()).contains("idle timeout 600 s").contains("3600 s");
    }

    @Test
    void theSandboxsOwnTimeoutWinsAndZeroTurnsItOff() {
        Sandbox s = running(null);
        s.getSpec().setIdleTimeoutSeconds(60L);
        assertThat(decide(s, null, CREATED.plusSeconds(60))).isEqualTo(IdleDecision.Action.STOP);
        s.getSpec().setIdleTimeoutSeconds(0L);
        assertThat(decide(s, null, CREATED.plus(Duration.ofDays(30)))).isEqualTo(IdleDecision.Action.NONE);
        s.getSpec().setIdleTimeoutSeconds(null);
        assertThat(IdlePolicy.decide(s, null, Duration.ZERO, DELETE_AFTER, CREATED.plus(Duration.ofDays(30)))
                        .action())
                .isEqualTo(IdleDecision.Action.NONE);
    }

    @Test
    void onlyRunningSandboxesAreStoppedAndDeletionsAreLeftAlone() {
        Sandbox failed = running(null);
        failed.getStatus().setPhase(SandboxPhase.Failed);
        assertThat(decide(failed, null, CREATED.plus(Duration.ofDays(1)))).isEqualTo(IdleDecision.Action.NONE);
        Sandbox deleting = running(null);
        deleting.getMetadata().setDeletionTimestamp(CREATED.plusSeconds(1).toString());
        assertThat(decide(deleting, null, CREATED.plus(Duration.ofDays(1)))).isEqualTo(IdleDecision.Action.NONE);
    }

    @Test
    void anIdleStoppedSandboxIsDeletedAfterTheFurtherPeriodCountedFromItsLastUse() {
        Instant stoppedAt = CREATED.plus(Duration.ofMinutes(10));
        Sandbox s = idleStopped(stoppedAt);
        assertThat(decide(s, null, stoppedAt.plus(DELETE_AFTER).minusSeconds(1)))
                .isEqualTo(IdleDecision.Action.NONE);
        assertThat(decide(s, null, stoppedAt.plus(DELETE_AFTER))).isEqualTo(IdleDecision.Action.DELETE);
        Instant lookedAt = stoppedAt.plus(Duration.ofMinutes(30));
        assertThat(decide(s, lookedAt, stoppedAt.plus(DELETE_AFTER))).isEqualTo(IdleDecision.Action.NONE);
        assertThat(IdlePolicy.decide(s, null, TIMEOUT, Duration.ZERO, stoppedAt.plus(Duration.ofDays(365)))
                        .action())
                .isEqualTo(IdleDecision.Action.NONE);
    }

    @Test
    void aSandboxStoppedByItsUserIsNeverDeletedAndOneStartedAgainIsWoken() {
        Sandbox userStopped = running(null);
        userStopped.getSpec().setDesiredState(DesiredState.Stopped);
        assertThat(decide(userStopped, null, CREATED.plus(Duration.ofDays(365))))
                .isEqualTo(IdleDecision.Action.NONE);

        Sandbox restarted = idleStopped(CREATED.plusSeconds(600));
        restarted.getSpec().setDesiredState(DesiredState.Running);
        assertThat(decide(restarted, null, CREATED.plusSeconds(601))).isEqualTo(IdleDecision.Action.WAKE);
    }

    @Test
    void theIdleActionCanPauseAndAPausedSandboxIsDeletedLaterOrWokenUp() {
        Sandbox s = running(null);
        Instant idle = CREATED.plus(TIMEOUT);
        assertThat(IdlePolicy.decide(s, null, TIMEOUT, DELETE_AFTER, dev.sandbox.crd.IdleAction.Pause, idle)
                        .action())
                .as("cluster default")
                .isEqualTo(IdleDecision.Action.PAUSE);
        s.getSpec().setIdleAction(dev.sandbox.crd.IdleAction.Stop);
        assertThat(IdlePolicy.decide(s, null, TIMEOUT, DELETE_AFTER, dev.sandbox.crd.IdleAction.Pause, idle)
                        .action())
                .as("the sandbox's own action wins")
                .isEqualTo(IdleDecision.Action.STOP);
        s.getSpec().setIdleAction(dev.sandbox.crd.IdleAction.Pause);
        IdleDecision pause = IdlePolicy.decide(s, null, TIMEOUT, DELETE_AFTER, idle);
        assertThat(pause.action()).isEqualTo(IdleDecision.Action.PAUSE);
        assertThat(pause.message()).contains("paused, memory kept");

        Sandbox paused = running(null);
        paused.getSpec().setDesiredState(DesiredState.Paused);
        paused.getStatus().setPhase(SandboxPhase.Paused);
        assertThat(decide(paused, null, idle.plus(DELETE_AFTER)))
                .as("paused by its user: left alone")
                .isEqualTo(IdleDecision.Action.NONE);
        paused.getMetadata().setAnnotations(Map.of(IdlePolicy.IDLE_PAUSED_AT, idle.toString()));
        assertThat(decide(paused, null, idle.plus(DELETE_AFTER).minusSeconds(1)))
                .isEqualTo(IdleDecision.Action.NONE);
        IdleDecision delete = IdlePolicy.decide(paused, null, TIMEOUT, DELETE_AFTER, idle.plus(DELETE_AFTER));
        assertThat(delete.action()).isEqualTo(IdleDecision.Action.DELETE);
        assertThat(delete.message()).startsWith("paused for idleness");
        assertThat(decide(paused, idle.plusSeconds(60), idle.plus(DELETE_AFTER)))
                .as("file reads while paused count")
                .isEqualTo(IdleDecision.Action.NONE);

        paused.getSpec().setDesiredState(DesiredState.Running);
        assertThat(decide(paused, null, idle.plus(DELETE_AFTER))).isEqualTo(IdleDecision.Action.WAKE);
    }
}
