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
    s.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("ns").withUid("u").withCreationTimestamp(CREATED.toString()).build());
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
    assertThat(decide(s, null, CREATED.plus(Duration.ofMinutes(15)).plusMillis(124))).isEqualTo(IdleDecision.Action.STOP);
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
    assertThat(IdlePolicy.decide(s, null, Duration.ZERO, DELETE_AFTER, CREATED.plus(Duration.ofDays(30))).action())
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
    assertThat(decide(s, null, stoppedAt.plus(DELETE_AFTER).minusSeconds(1))).isEqualTo(IdleDecision.Action.NONE);
    assertThat(decide(s, null, stoppedAt.plus(DELETE_AFTER))).isEqualTo(IdleDecision.Action.DELETE);
    Instant lookedAt = stoppedAt.plus(Duration.ofMinutes(30));
    assertThat(decide(s, lookedAt, stoppedAt.plus(DELETE_AFTER))).isEqualTo(IdleDecision.Action.NONE);
    assertThat(IdlePolicy.decide(s, null, TIMEOUT, Duration.ZERO, stoppedAt.plus(Duration.ofDays(365))).action())
        .isEqualTo(IdleDecision.Action.NONE);
  }

  @Test
  void aSandboxStoppedByItsUserIsNeverDeletedAndOneStartedAgainIsWoken() {
    Sandbox userStopped = running(null);
    userStopped.getSpec().setDesiredState(DesiredState.Stopped);
    assertThat(decide(userStopped, null, CREATED.plus(Duration.ofDays(365)))).isEqualTo(IdleDecision.Action.NONE);

    Sandbox restarted = idleStopped(CREATED.plusSeconds(600));
    restarted.getSpec().setDesiredState(DesiredState.Running);
    assertThat(decide(restarted, null, CREATED.plusSeconds(601))).isEqualTo(IdleDecision.Action.WAKE);
  }
}
