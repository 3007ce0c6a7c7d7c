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
 * A named, reusable blueprint of a sandbox: image (or build context), process, environment, limits, ports, mounts,
 * lifetime and idle defaults, and which of them a sandbox made from it may override. Sandboxes name it in
 * {@code spec.templateRef} (REST: {@code "template"}); warm pools keep sandboxes of it ready.
 */
@Group(Sandbox.GROUP)
@Version(Sandbox.VERSION)
@Kind("SandboxTemplate")
@Plural("sandboxtemplates")
@Singular("sandboxtemplate")
@ShortNames("sbxt")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "In-Use", jsonPath = ".status.inUse", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Hash",
        jsonPath = ".status.hash",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class SandboxTemplate extends SandboxFamilyResource<SandboxTemplateSpec, SandboxTemplateStatus> {

    /**
     * Finalizer that holds a deleted template while sandboxes or warm pools still use it; removed by the operator once
     * nothing does. Sandboxes carry their resolved spec, so the hold protects bookkeeping, not running containers.
     */
    public static final String FINALIZER = "sandboxtemplates.sandbox.dev/finalizer";

    /** Label on a Sandbox made from a template: the template's name. */
    public static final String TEMPLATE_LABEL = "sandbox.dev/template";

    /** Label on a pooled Sandbox: the {@link TemplateHash} of the template it was made from. */
    public static final String TEMPLATE_HASH_LABEL = "sandbox.dev/template-hash";

    /**
     * Annotation set once the template has been merged into a Sandbox's spec (by the gateway at creation, or by the
     * operator for a Sandbox applied with kubectl); its value is the template hash used.
     */
    public static final String RESOLVED_ANNOTATION = "sandbox.dev/template-resolved";

    @Override
    @JsonPropertyDescription("What sandboxes made from this template get, and what they may change.")
    public SandboxTemplateSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: how many sandboxes use the template and its current hash.")
    public SandboxTemplateStatus getStatus() {
        return super.getStatus();
    }
}
