package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.network.PortAllocator;
import dev.sandbox.operator.network.PortInUseException;
import dev.sandbox.operator.runtime.ContainerRefusedException;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the sandbox's container: image present, NetworkVolumes made, node ports chosen, workspace made (a copy of the
 * snapshot's the first time, when the sandbox starts from one), then the hardened container itself, not yet started.
 */
final class CreateStep implements SandboxStep {
    private static final Logger log = LoggerFactory.getLogger(CreateStep.class);

    private final ContainerRuntime runtime;
    private final OperatorConfig config;
    private final SandboxJournal journal;
    private final ImageStep image;
    private final MountStep mounts;
    private final PortAllocator ports;

    CreateStep(
            ContainerRuntime runtime,
            OperatorConfig config,
            SandboxJournal journal,
            ImageStep image,
            MountStep mounts,
            PortAllocator ports) {
        this.runtime = runtime;
        this.config = config;
        this.journal = journal;
        this.image = image;
        this.mounts = mounts;
        this.ports = ports;
    }

    @Override
    public Observation run(PassState pass) {
        Observation failure = image.ensure(pass);
        if (failure == null) {
            failure = mounts.ensureShared(pass);
        }
        if (failure != null) {
            return failure;
        }
        String id;
        try {
            id = create(pass, pass.plan.withPorts(ports.resolve(pass.sandbox, pass.plan.ports())));
        } catch (PortInUseException e) {
            return new Observation(SandboxPhase.Pending, Observation.REASON_PORT_IN_USE, e.getMessage(), null);
        } catch (ContainerRefusedException e) {
            return StartStep.refused(runtime, e, null);
        }
        // Just made and not started: what an inspect would say, without asking (the start inspects anyway).
        pass.container = ContainerState.created(id, pass.plan.name(), pass.plan.labels());
        // A new container is as good as a restart: a pending restart request is fulfilled by it.
        Progress p = pass.progress;
        p.observedRestartRequest = Math.max(p.observedRestartRequest, pass.restartWanted);
        return null;
    }

    private String create(PassState pass, ContainerSpec plan) {
        mounts.ensureWorkspace(pass);
        Progress p = pass.progress;
        if (pass.source != null && p.restoredFromSnapshot == null) {
            String snapshot = pass.source.getMetadata().getName();
            long bytes = runtime.snapshots()
                    .copyVolume(
                            pass.source.getStatus().getVolume(),
                            plan.workspaceVolume(),
                            SandboxNames.labels(pass.sandbox, config.installation(), config.nodeName(), "workspace"));
            p.restoredFromSnapshot = snapshot;
            log.info("sandbox {}: workspace restored from snapshot {} ({} bytes)", pass.key(), snapshot, bytes);
            journal.record(pass.sandbox, JournalEntry.restored(snapshot));
        }
        log.info("sandbox {}: creating container {}", pass.key(), plan.name());
        String id = runtime.create(plan);
        runtime.prepareWorkspace(id, plan.workspaceVolume(), runtime.imageUser(plan.image()));
        journal.record(pass.sandbox, JournalEntry.created(plan.name()));
        return id;
    }
}
