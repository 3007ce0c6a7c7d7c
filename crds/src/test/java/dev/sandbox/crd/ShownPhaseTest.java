package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import org.junit.jupiter.api.Test;

class ShownPhaseTest {

    @Test
    void aSandboxWithoutStatusIsPendingAndOneBeingDeletedIsTerminating() {
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(new ObjectMeta());
        assertThat(ShownPhase.of(sandbox)).isEqualTo(SandboxPhase.Pending);
        SandboxStatus status = new SandboxStatus();
        status.setPhase(SandboxPhase.Running);
        sandbox.setStatus(status);
        assertThat(ShownPhase.of(sandbox)).isEqualTo(SandboxPhase.Running);
        sandbox.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(ShownPhase.of(sandbox)).isEqualTo(SandboxPhase.Terminating);
    }

    @Test
    void otherResourcesFollowTheSameRule() {
        NetworkVolume volume = new NetworkVolume();
        volume.setMetadata(new ObjectMeta());
        assertThat(ShownPhase.of(volume, null)).isEqualTo("Pending");
        assertThat(ShownPhase.of(volume, "Ready")).isEqualTo("Ready");
        volume.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(ShownPhase.of(volume, "Ready")).isEqualTo("Terminating");
    }
}
