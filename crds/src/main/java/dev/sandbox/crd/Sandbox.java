package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** An isolated, resource-limited container that runs untrusted code on one node of the cluster. */
@Group(Sandbox.GROUP)
@Version(Sandbox.VERSION)
@Kind("Sandbox")
@Plural("sandboxes")
@Singular("sandbox")
@ShortNames("sbx")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Restarts",
        jsonPath = ".status.restartCount",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
public class Sandbox extends SandboxFamilyResource<SandboxSpec, SandboxStatus> {
    public static final String GROUP = "sandbox.dev";
    public static final String VERSION = "v1alpha1";

    /** Label on a Sandbox naming the tenant that owns it (set by the gateway). */
    public static final String TENANT_LABEL = "sandbox.dev/tenant";

    /**
     * The operator's finalizer: it holds a deleted Sandbox until its container, network and workspace are gone. The
     * gateway sets it at creation, which spares the operator a write of its own before the first reconcile.
     */
    public static final String FINALIZER = "sandboxes.sandbox.dev/finalizer";

    @Override
    @JsonPropertyDescription(
            "What the sandbox should be: image, process, environment, limits, ports and desired state.")
    public SandboxSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: phase, conditions, container, node, ports and restarts.")
    public SandboxStatus getStatus() {
        return super.getStatus();
    }
}
