package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.runtime.Containers;
import java.time.Duration;

/** Stops the live container of a sandbox that should not run: SIGTERM, then SIGKILL after the stop timeout. */
final class StopStep implements SandboxStep {
    private final Containers runtime;
    private final OperatorConfig config;

    StopStep(Containers runtime, OperatorConfig config) {
        this.runtime = runtime;
        this.config = config;
    }

    @Override
    public Observation run(PassState pass) {
        // A frozen process cannot act on SIGTERM: let it run for its graceful stop.
        Freezer.thaw(runtime, pass.container);
        runtime.stop(pass.container.id(), timeout(pass, config));
        pass.container = runtime.inspect(pass.plan.name()).orElse(null);
        return null;
    }

    /** The spec's grace period, or the node's default. */
    static Duration timeout(PassState pass, OperatorConfig config) {
        Integer seconds = pass.spec().getStopTimeoutSeconds();
        return seconds == null ? config.stopTimeout() : Duration.ofSeconds(seconds);
    }
}
