package dev.sandbox.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.operator.runtime.ContainerState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-01T00:01:00Z");

    static ContainerState container(String status, Integer exit, boolean oom) {
        return new ContainerState(
                "c1",
                "sandbox-x",
                status,
                exit,
                oom,
                null,
                "2026-01-01T00:00:01Z",
                "running".equals(status) ? null : "2026-01-01T00:00:09Z",
                Map.of(),
                List.of(),
                "",
                List.of(),
                null,
                null);
    }

    @Test
    void mapsContainerStatesToPhasesAndReasons() {
        long mem = 64L * 1024 * 1024;
        assertThat(Observation.of(container("running", null, false), true, mem).phase())
                .isEqualTo(SandboxPhase.Running);
        assertThat(Observation.of(container("exited", 0, false), true, mem).reason())
                .isEqualTo("Completed");
        Observation error = Observation.of(container("exited", 2, false), true, mem);
        assertThat(error.phase()).isEqualTo(SandboxPhase.Failed);
        assertThat(error.message()).contains("code 2");
        Observation oom = Observation.of(container("exited", 137, true), true, mem);
        assertThat(oom.reason()).isEqualTo("OOMKilled");
        assertThat(oom.message()).contains("64 MiB");
        assertThat(Observation.of(container("exited", 137, false), false, mem).phase())
                .isEqualTo(SandboxPhase.Stopped);
        assertThat(Observation.of(container("created", null, false), true, mem).phase())
                .isEqualTo(SandboxPhase.Creating);
    }

    @Test
    void keepsTransitionTimesUnlessTheConditionChanges() {
        Sandbox s = ContainerPlannerTest.sandbox();
        SandboxStatus first =
                StatusBuilder.build(s, Observation.of(container("running", null, false), true, 1), "node-a", T0);
        assertThat(first.getObservedGeneration()).isEqualTo(1L);
        assertThat(first.getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus())
                .containsExactly("Scheduled=True", "Ready=True");
        s.setStatus(first);

        SandboxStatus same =
                StatusBuilder.build(s, Observation.of(container("running", null, false), true, 1), "node-a", T1);
        assertThat(StatusBuilder.same(first, same)).isTrue();
        assertThat(same.getConditions().get(1).getLastTransitionTime()).isEqualTo(T0.toString());

        SandboxStatus exited =
                StatusBuilder.build(s, Observation.of(container("exited", 1, false), true, 1), "node-a", T1);
        assertThat(StatusBuilder.same(first, exited)).isFalse();
        assertThat(exited.getExitCode()).isEqualTo(1);
        assertThat(exited.getConditions().get(1).getStatus()).isEqualTo("False");
        assertThat(exited.getConditions().get(1).getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(exited.getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());
    }

    @Test
    void anUnschedulableSandboxIsNeitherScheduledNorReadyAndKeepsTheRestOfItsStatus() {
        Sandbox s = ContainerPlannerTest.sandbox();
        SandboxStatus before = new SandboxStatus();
        before.setRestartCount(2);
        s.setStatus(before);
        SandboxStatus next = StatusBuilder.unschedulable(s, "no node has 64 cores free", T0);
        assertThat(next.getPhase()).isEqualTo(SandboxPhase.Pending);
        assertThat(next.getReason()).isEqualTo(Observation.REASON_UNSCHEDULABLE);
        assertThat(next.getRestartCount()).isEqualTo(2);
        assertThat(next.getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
                .containsExactly(
                        "Scheduled=False/Unschedulable: no node has 64 cores free",
                        "Ready=False/Unschedulable: no node has 64 cores free");
        assertThat(before.getConditions())
                .as("the status it started from is left alone")
                .isEmpty();
    }

    @Test
    void aRetriedReconcileMakesTheConditionsAgreeWithThePhase() {
        Sandbox s = ContainerPlannerTest.sandbox();
        s.getSpec().setNodeName("node-a");
        s.setStatus(StatusBuilder.build(s, Observation.of(container("running", null, false), true, 1), "node-a", T0));
        assertThat(s.getStatus().getConditions().get(1).getStatus()).isEqualTo("True");

        SandboxStatus engineDown = StatusBuilder.retrying(
                s, SandboxPhase.Pending, Observation.REASON_ENGINE_UNAVAILABLE, "the Docker engine is unreachable", T1);
        assertThat(engineDown.getPhase()).isEqualTo(SandboxPhase.Pending);
        assertThat(engineDown.getContainerId()).isEqualTo("c1");
        assertThat(engineDown.getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                .containsExactly("Scheduled=True/Bound", "Ready=False/EngineUnavailable");
        assertThat(engineDown.getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(engineDown.getConditions().get(1).getLastTransitionTime()).isEqualTo(T1.toString());

        SandboxStatus stillRunning =
                StatusBuilder.retrying(s, SandboxPhase.Running, "Started", "reconcile failed, retrying: conflict", T1);
        assertThat(stillRunning.getConditions().get(1).getStatus()).isEqualTo("True");
        assertThat(stillRunning.getConditions().get(1).getMessage()).isEqualTo("reconcile failed, retrying: conflict");
    }
}
