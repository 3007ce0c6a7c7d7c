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
 * The files of a sandbox at one moment: its container's file system committed as an image and its workspace copied
 * into a volume, both on the sandbox's node. New sandboxes start from it ({@code spec.snapshot} of a Sandbox).
 */
@Group(Sandbox.GROUP)
@Version(Sandbox.VERSION)
@Kind("SandboxSnapshot")
@Plural("sandboxsnapshots")
@Singular("sandboxsnapshot")
@ShortNames("sbxsnap")
@AdditionalPrinterColumn(name = "Sandbox", jsonPath = ".spec.sandbox", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.sizeBytes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeName", type = AdditionalPrinterColumn.Type.STRING)
public class SandboxSnapshot extends SandboxFamilyResource<SandboxSnapshotSpec, SandboxSnapshotStatus> {

    /** The operator's finalizer: it holds a deleted snapshot until its image and volume are gone. */
    public static final String FINALIZER = "sandboxsnapshots.sandbox.dev/finalizer";

    @Override
    @JsonPropertyDescription("Which sandbox to take the snapshot of, and what to capture.")
    public SandboxSnapshotSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Whether the snapshot is ready, where it lives and how large it is.")
    public SandboxSnapshotStatus getStatus() {
        return super.getStatus();
    }
}
