package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.model.BuildContexts;
import dev.sandbox.operator.model.Observation;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ImageBuildException;
import dev.sandbox.operator.runtime.ImageNotFoundException;
import dev.sandbox.operator.runtime.Images;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the sandbox's image present on the node: pulled when missing, or built from the spec's build context. */
final class ImageStep {
    private static final Logger log = LoggerFactory.getLogger(ImageStep.class);
    private static final int BUILD_LOG_CHARS = 4000;

    private final Images runtime;
    private final SandboxJournal journal;

    ImageStep(Images runtime, SandboxJournal journal) {
        this.runtime = runtime;
        this.journal = journal;
    }

    /** Pulls or builds the image. Returns a failure to report, or null when the image is ready. */
    Observation ensure(PassState pass) {
        Sandbox sandbox = pass.sandbox;
        ContainerSpec plan = pass.plan;
        Progress p = pass.progress;
        Map<String, String> context = sandbox.getSpec().getBuildContext();
        try {
            if (context == null) {
                log.info("sandbox {}: ensuring image {}", pass.key(), plan.image());
                if (runtime.ensureImage(plan.image())) {
                    journal.record(sandbox, JournalEntry.pulled(plan.image()));
                }
                return null;
            }
            if (pass.forceBuild() || !runtime.imageExists(plan.image())) {
                log.info(
                        "sandbox {}: building image {} from its build context ({} files)",
                        pass.key(),
                        plan.image(),
                        context.size());
                journal.record(sandbox, JournalEntry.building(plan.image()));
                String output = runtime.buildImage(
                        plan.image(), context, Map.of(SandboxNames.MANAGED_BY, SandboxNames.MANAGER));
                p.buildLog = Progress.tail(output, BUILD_LOG_CHARS);
                journal.record(sandbox, JournalEntry.built(plan.image()));
            }
            p.buildContextHash = BuildContexts.hash(context);
            p.builtForGeneration = sandbox.getMetadata().getGeneration();
            return null;
        } catch (ImageNotFoundException e) {
            return new Observation(SandboxPhase.Failed, Observation.REASON_IMAGE_NOT_FOUND, e.getMessage(), null);
        } catch (ImageBuildException e) {
            p.buildLog = Progress.tail(e.output(), BUILD_LOG_CHARS);
            p.builtForGeneration = sandbox.getMetadata().getGeneration();
            return new Observation(
                    SandboxPhase.Failed,
                    Observation.REASON_BUILD_FAILED,
                    e.getMessage() + " (see status.buildLog)",
                    null);
        }
    }
}
