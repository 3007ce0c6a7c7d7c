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
 * A kind of shared volume that an administrator offers, the way a StorageClass does: how the volumes are stored
 * (driver and options chosen by the administrator) and which parameters a tenant may set (a size within bounds).
 * Cluster-scoped; tenants pick one by name in {@code NetworkVolume.spec.className} and never pass engine options.
 */
@Group(Sandbox.GROUP)
@Version(Sandbox.VERSION)
@Kind("NetworkVolumeClass")
@Plural("networkvolumeclasses")
@Singular("networkvolumeclass")
@ShortNames("nvclass")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Driver", jsonPath = ".spec.driver", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Default-Size",
        jsonPath = ".spec.defaultSize",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Max-Size", jsonPath = ".spec.maxSize", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Host-Paths",
        jsonPath = ".spec.allowHostPaths",
        type = AdditionalPrinterColumn.Type.BOOLEAN,
        priority = 1)
public class NetworkVolumeClass extends PlatformResource<NetworkVolumeClassSpec, NetworkVolumeClassStatus> {

    /** The class of a NetworkVolume that names none. Dev mode installs it; clusters define it (see docs/security.md). */
    public static final String DEFAULT_CLASS = "local";

    /** Finalizer that holds a deleted class while NetworkVolumes of it exist. */
    public static final String FINALIZER = "networkvolumeclasses.sandbox.dev/in-use";

    @Override
    @JsonPropertyDescription("How volumes of this class are stored, and what a tenant may choose.")
    public NetworkVolumeClassSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Whether the class is usable, and which volumes use it.")
    public NetworkVolumeClassStatus getStatus() {
        return super.getStatus();
    }
}
