package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Keeps a number of sandboxes of one template running and unowned, so that a create naming the template claims one
 * in milliseconds instead of starting a container. Pooled sandboxes belong to no tenant until claimed.
 */
@Group(Sandbox.GROUP)
@Version(Sandbox.VERSION)
@Kind("SandboxWarmPool")
@Plural("sandboxwarmpools")
@Singular("sandboxwarmpool")
@ShortNames("sbxpool")
@AdditionalPrinterColumn(name = "Template", jsonPath = ".spec.templateRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.readyReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
public class SandboxWarmPool extends SandboxFamilyResource<SandboxWarmPoolSpec, SandboxWarmPoolStatus> {

    /** Label on an unclaimed pooled Sandbox: the pool's name. A claim removes it in the same write that sets the tenant. */
    public static final String POOL_LABEL = "sandbox.dev/pool";

    /**
     * Label the pool controller sets (with a resource-version guarded update) on a pooled Sandbox it is about to delete
     * (surplus or made from an older template): a claim never takes a sandbox carrying it, and a claim that got there
     * first makes the controller's update fail, so a sandbox is either claimed or retired, never both.
     */
    public static final String RETIRING_LABEL = "sandbox.dev/pool-retiring";

    /** Annotation on a claimed Sandbox: when it was claimed (RFC 3339). Its lifetime and idle clocks start there. */
    public static final String CLAIMED_AT = "sandbox.dev/claimed-at";

    /** Annotation on a claimed Sandbox: the pool it came from. */
    public static final String CLAIMED_FROM = "sandbox.dev/claimed-from";

    /** Annotation on a Sandbox created from a template: {@code warm} (claimed from a pool) or {@code cold}. */
    public static final String START = "sandbox.dev/start";

    /** Annotation on a cold-started Sandbox whose template has a warm pool: why no pooled sandbox was taken. */
    public static final String START_MESSAGE = "sandbox.dev/start-message";

    @Override
    @JsonPropertyDescription("Which template to keep warm and how many sandboxes of it.")
    public SandboxWarmPoolSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("How many pooled sandboxes exist and how many are ready to be claimed.")
    public SandboxWarmPoolStatus getStatus() {
        return super.getStatus();
    }
}
