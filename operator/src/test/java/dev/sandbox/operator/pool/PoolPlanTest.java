package dev.sandbox.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolPlanTest {

    private static Sandbox member(String name, String hash, SandboxPhase phase, boolean retiring) {
        Sandbox s = new Sandbox();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SandboxWarmPool.POOL_LABEL, "p");
        labels.put(SandboxTemplate.TEMPLATE_HASH_LABEL, hash);
        if (retiring) {
            labels.put(SandboxWarmPool.RETIRING_LABEL, "true");
        }
        s.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withLabels(labels)
                .withCreationTimestamp("2026-01-01T00:00:0" + name.length() + "Z")
                .build());
        if (phase != null) {
            SandboxStatus status = new SandboxStatus();
            status.setPhase(phase);
            status.setContainerId(phase == SandboxPhase.Running ? "c-" + name : null);
            s.setStatus(status);
        }
        return s;
    }

    @Test
    void fillsUpToTheDesiredSize() {
        PoolPlan plan = PoolPlan.decide(3, "h", List.of(member("a", "h", SandboxPhase.Running, false)));
        assertThat(plan.create()).isEqualTo(2);
        assertThat(plan.retire()).isEmpty();
        assertThat(plan.ready()).isEqualTo(1);
    }

    @Test
    void replacesSandboxesOfAnOlderTemplateAndRetiresSurplusNotReadyFirst() {
        PoolPlan plan = PoolPlan.decide(
                1,
                "new",
                List.of(
                        member("old", "old", SandboxPhase.Running, false),
                        member("ready", "new", SandboxPhase.Running, false),
                        member("pending", "new", SandboxPhase.Pending, false)));
        assertThat(plan.retire())
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("old", "pending");
        assertThat(plan.create()).isZero();
        assertThat(plan.ready()).isEqualTo(1);
    }

    @Test
    void failedOnesAreReplacedOnlyWhileOthersRun() {
        PoolPlan allFailed = PoolPlan.decide(
                2,
                "h",
                List.of(member("a", "h", SandboxPhase.Failed, false), member("b", "h", SandboxPhase.Failed, false)));
        assertThat(allFailed.retire()).isEmpty();
        assertThat(allFailed.create()).isZero();
        PoolPlan someRun = PoolPlan.decide(
                2,
                "h",
                List.of(member("a", "h", SandboxPhase.Failed, false), member("b", "h", SandboxPhase.Running, false)));
        assertThat(someRun.retire()).extracting(s -> s.getMetadata().getName()).containsExactly("a");
        assertThat(someRun.create()).isEqualTo(1);
    }

    @Test
    void retiringOnesAreFinishedAndReplaced() {
        PoolPlan plan = PoolPlan.decide(1, "h", List.of(member("a", "h", SandboxPhase.Running, true)));
        assertThat(plan.retire()).hasSize(1);
        assertThat(plan.create()).isEqualTo(1);
    }
}
