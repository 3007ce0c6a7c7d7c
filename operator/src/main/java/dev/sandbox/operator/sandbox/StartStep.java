package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.runtime.ContainerRefusedException;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.Containers;
import dev.sandbox.operator.runtime.GpuUnavailableException;
import dev.sandbox.operator.runtime.HostPortTakenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a sandbox's existing container, for each of the reasons the decision knows: first start, restart on request,
 * start again after a stop, and retry after a failure (each keeps its own counters). An engine refusal becomes the
 * status it means.
 */
final class StartStep {
    private static final Logger log = LoggerFactory.getLogger(StartStep.class);

    private final Containers runtime;
    private final OperatorConfig config;
    private final SandboxJournal journal;

    StartStep(Containers runtime, OperatorConfig config, SandboxJournal journal) {
        this.runtime = runtime;
        this.config = config;
        this.journal = journal;
    }

    /** {@code START}: created and never started (first run, or a crash between create and start). */
    Observation first(PassState pass) {
        try {
            runtime.start(pass.container.id());
        } catch (ContainerRefusedException e) {
            return refused(runtime, e, runtime.inspect(pass.plan.name()).orElse(pass.container));
        }
        pass.container = runtime.inspect(pass.plan.name()).orElse(pass.container);
        return null;
    }

    /** {@code RESTART}: asked for with {@code spec.restartRequest}; a fresh set of retries comes with it. */
    Observation restart(PassState pass) {
        log.info("sandbox {}: restarting on request", pass.key());
        ContainerState container = pass.container;
        Freezer.thaw(runtime, container);
        if (container.running() || container.paused()) {
            runtime.stop(container.id(), StopStep.timeout(pass, config));
        }
        try {
            runtime.start(container.id());
        } catch (ContainerRefusedException e) {
            return refused(runtime, e, container);
        }
        Progress p = pass.progress;
        p.restartCount++;
        p.retryCount = 0;
        p.nextRetryAt = null;
        p.observedRestartRequest = pass.restartWanted;
        journal.record(pass.sandbox, JournalEntry.restartedOnRequest());
        pass.container = runtime.inspect(pass.plan.name()).orElse(container);
        return null;
    }

    /** {@code START_AGAIN}: stopped on request before (or by an engine restart); that costs no retry. */
    Observation again(PassState pass) {
        try {
            runtime.start(pass.container.id());
        } catch (ContainerRefusedException e) {
            return refused(runtime, e, pass.container);
        }
        pass.progress.retryCount = 0;
        pass.container = runtime.inspect(pass.plan.name()).orElse(pass.container);
        return null;
    }

    /** {@code RETRY}: the back-off after a failure has passed; spends one of the spec's retries. */
    Observation retry(PassState pass) {
        Observation failed = Observation.of(pass.container, true, pass.plan.memoryBytes());
        try {
            runtime.start(pass.container.id());
        } catch (ContainerRefusedException e) {
            return refused(runtime, e, pass.container);
        }
        Progress p = pass.progress;
        p.retryCount++;
        p.restartCount++;
        p.nextRetryAt = null;
        journal.record(
                pass.sandbox,
                JournalEntry.restartedAfterFailure(failed.reason(), failed.message(), p.retryCount, pass.maxRetries()));
        pass.container = runtime.inspect(pass.plan.name()).orElse(pass.container);
        return null;
    }

    /** What the engine's refusal of the container means for the sandbox. */
    static Observation refused(Containers runtime, ContainerRefusedException e, ContainerState container) {
        if (e instanceof HostPortTakenException) {
            // Taken between our check and the engine's bind: wait for it instead of failing with the engine's text. The
            // container goes, so the next pass chooses its free ports afresh.
            if (container != null) {
                runtime.remove(container.id());
            }
            return new Observation(
                    SandboxPhase.Pending,
                    Observation.REASON_PORT_IN_USE,
                    "a published port is already in use on this node; the sandbox starts once it is free",
                    null);
        }
        if (e instanceof GpuUnavailableException) {
            return new Observation(
                    SandboxPhase.Failed,
                    Observation.REASON_NO_GPU,
                    "the sandbox asks for a GPU and this node has none usable by Docker: " + e.getMessage(),
                    container);
        }
        return new Observation(
                SandboxPhase.Failed,
                Observation.REASON_START_FAILED,
                "container could not start: " + e.getMessage(),
                container);
    }
}
