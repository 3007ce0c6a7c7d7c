package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateProfilerTest {
    private static CreateProfiler.Event at(String label, double startMs, double durationMs) {
        return new CreateProfiler.Event(label, (long) (startMs * 1e6), (long) ((startMs + durationMs) * 1e6));
    }

    @Test
    void stepsAreAveragedByLabelAndOccurrenceInTheirOrder() {
        CreateBreakdown b = CreateProfiler.summarise(
                List.of(
                        List.of(at("docker inspect", 10, 2), at("docker create", 12, 40), at("docker inspect", 60, 4)),
                        List.of(at("docker inspect", 20, 4), at("docker create", 24, 60))),
                List.of(100.0, 200.0));
        assertThat(b.creates()).isEqualTo(2);
        assertThat(b.meanTotalMs()).isEqualTo(150);
        assertThat(b.meanDockerMs()).isEqualTo(55, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b.steps())
                .extracting(CreateBreakdown.Step::label)
                .containsExactly("docker inspect", "docker create", "docker inspect #2");
        assertThat(b.steps().get(0).meanStartMs()).isEqualTo(15, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b.steps().get(1).meanDurationMs()).isEqualTo(50, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b.steps().get(2).seenIn()).isEqualTo(1);
    }

    @Test
    void changesOfTheResourceAreNamed() {
        Sandbox before = sandbox(null, null, List.of());
        assertThat(CreateProfiler.describe(before, sandbox(null, null, List.of("sandbox.dev/cleanup"))))
                .isEqualTo("resource: finalizer added");
        assertThat(CreateProfiler.describe(before, sandbox("local", null, List.of())))
                .isEqualTo("resource: bound to node");
        assertThat(CreateProfiler.describe(before, sandbox(null, SandboxPhase.Running, List.of())))
                .isEqualTo("resource: status Running");
        assertThat(CreateProfiler.describe(before, sandbox(null, null, List.of())))
                .isEqualTo("resource: other update");
    }

    private static Sandbox sandbox(String node, SandboxPhase phase, List<String> finalizers) {
        Sandbox s = new Sandbox();
        s.setMetadata(
                new ObjectMetaBuilder().withName("s").withFinalizers(finalizers).build());
        SandboxSpec spec = new SandboxSpec();
        spec.setNodeName(node);
        s.setSpec(spec);
        if (phase != null) {
            SandboxStatus status = new SandboxStatus();
            status.setPhase(phase);
            s.setStatus(status);
        }
        return s;
    }
}
