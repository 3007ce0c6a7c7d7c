package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxAction;
import dev.sandbox.operator.model.SandboxDecision;
import dev.sandbox.operator.network.PortAllocator;
import dev.sandbox.operator.network.SandboxNetworking;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.volume.SharedVolumeStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of a sandbox's container: asks {@link SandboxDecision} what to do, carries it out through the step for
 * that action, and asks again, until the answer ends the pass with a report. Each action is taken at most once per
 * pass, so a pass always ends.
 */
final class SandboxPass {
    private static final Logger log = LoggerFactory.getLogger(SandboxPass.class);

    private final Map<SandboxAction, SandboxStep> steps = new EnumMap<>(SandboxAction.class);
    /** Whether a container that finished at the given time (RFC 3339) went down with the engine. */
    private final Predicate<String> endedInEngineOutage;

    SandboxPass(
            ContainerRuntime runtime,
            OperatorConfig config,
            KubernetesClient client,
            SandboxJournal journal,
            SandboxNetworking networking,
            PortAllocator ports,
            NetworkVolumeSource volumes,
            SharedVolumeStep sharedVolumes,
            Predicate<String> endedInEngineOutage) {
        this.endedInEngineOutage = endedInEngineOutage;
        MountStep mounts = new MountStep(runtime, config, sharedVolumes);
        StartStep start = new StartStep(runtime, config, journal);
        CrashStep crash = new CrashStep(runtime);
        Freezer freezer = new Freezer(runtime, journal);
        steps.put(SandboxAction.LOOK, new LookStep(runtime, config, client, volumes, sharedVolumes));
        steps.put(SandboxAction.DELETE_EXPIRED, new ExpiryStep(client, journal));
        steps.put(SandboxAction.RECREATE, new RecreateStep(runtime, journal));
        steps.put(SandboxAction.UPDATE_LIMITS, new LimitChange(runtime, journal));
        steps.put(SandboxAction.STOP, new StopStep(runtime, config));
        steps.put(SandboxAction.ENSURE_NETWORK, pass -> {
            networking.ensure(pass.sandbox, pass.plan);
            return null;
        });
        steps.put(
                SandboxAction.CREATE,
                new CreateStep(runtime, config, journal, new ImageStep(runtime, journal), mounts, ports));
        steps.put(SandboxAction.MOUNT_VOLUMES, mounts);
        steps.put(SandboxAction.RESTART, start::restart);
        steps.put(SandboxAction.START, start::first);
        steps.put(SandboxAction.START_AGAIN, start::again);
        steps.put(SandboxAction.RETRY, start::retry);
        steps.put(SandboxAction.PAUSE, freezer::pause);
        steps.put(SandboxAction.RESUME, freezer::resume);
        steps.put(SandboxAction.FAIL_INVALID, Reports::invalid);
        steps.put(SandboxAction.KEEP_FAILED, Reports::keepFailed);
        steps.put(SandboxAction.FAIL_REMOVED, Reports::removed);
        steps.put(SandboxAction.REPORT_STOPPED, Reports::stopped);
        steps.put(SandboxAction.BACK_OFF, crash::backOff);
        steps.put(SandboxAction.GIVE_UP, crash::giveUp);
        steps.put(SandboxAction.REPORT, Reports::asItIs);
    }

    /** Runs the pass to its end; returns what the status is to say. */
    Observation run(PassState pass) {
        while (true) {
            boolean outage = pass.container != null
                    && pass.container.exited()
                    && endedInEngineOutage.test(pass.container.finishedAt());
            SandboxAction action = SandboxDecision.decide(pass.facts(outage));
            log.debug("sandbox {}: {}", pass.key(), action);
            if (action != SandboxAction.LOOK && !action.reports() && !pass.done.add(action)) {
                throw new IllegalStateException(
                        "sandbox " + pass.key() + ": " + action + " was decided twice in one reconcile");
            }
            Observation outcome = steps.get(action).run(pass);
            if (outcome != null) {
                return outcome;
            }
            if (action.reports()) {
                throw new IllegalStateException("sandbox " + pass.key() + ": " + action + " reported nothing");
            }
        }
    }
}
