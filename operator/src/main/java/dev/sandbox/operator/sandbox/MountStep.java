package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.VolumeRefusedException;
import dev.sandbox.operator.runtime.Volumes;
import dev.sandbox.operator.volume.SharedVolumeStep;

/**
 * Makes the sandbox's workspace and its NetworkVolumes exist with their file systems mounted: before its container is
 * created, and before an existing one starts again (after a node restart they are not mounted).
 */
final class MountStep implements SandboxStep {
    private final Volumes runtime;
    private final OperatorConfig config;
    private final SharedVolumeStep sharedVolumes;

    MountStep(Volumes runtime, OperatorConfig config, SharedVolumeStep sharedVolumes) {
        this.runtime = runtime;
        this.config = config;
        this.sharedVolumes = sharedVolumes;
    }

    @Override
    public Observation run(PassState pass) {
        ensureWorkspace(pass);
        return ensureShared(pass);
    }

    /** The workspace volume, sized as the spec says. */
    void ensureWorkspace(PassState pass) {
        runtime.ensureVolume(
                pass.plan.workspaceVolume(),
                diskBytes(pass.spec()),
                SandboxNames.labels(pass.sandbox, config.installation(), config.nodeName(), "workspace"));
    }

    /** The NetworkVolumes; a refused one fails the sandbox. */
    Observation ensureShared(PassState pass) {
        try {
            sharedVolumes.ensure(pass.shared);
            return null;
        } catch (VolumeRefusedException e) {
            return new Observation(
                    SandboxPhase.Failed, Observation.REASON_VOLUME_FAILED, e.getMessage(), pass.container);
        }
    }

    /** Size of the sandbox's workspace file system. */
    static long diskBytes(SandboxSpec spec) {
        String disk = spec.getResources().getDisk();
        return Quantities.parseBytes(disk == null ? SandboxResources.DEFAULT_DISK : disk);
    }
}
