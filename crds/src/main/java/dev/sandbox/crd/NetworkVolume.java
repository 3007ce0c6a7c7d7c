package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A named volume that several sandboxes can mount and that outlives them. */
@Group(Sandbox.GROUP)
@Version(Sandbox.VERSION)
@Kind("NetworkVolume")
@Plural("networkvolumes")
@Singular("networkvolume")
@ShortNames("nvol")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Class", jsonPath = ".spec.className", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = AdditionalPrinterColumn.Type.STRING)
public class NetworkVolume extends PlatformResource<NetworkVolumeSpec, NetworkVolumeStatus> implements Namespaced {

    /**
     * Label on a NetworkVolume made through the REST API: the name its tenant gave it (the tenant is in
     * {@link Sandbox#TENANT_LABEL}). Tenants' names are their own, so the resource's name is derived from both and differs.
     */
    public static final String DISPLAY_NAME_LABEL = "sandbox.dev/volume-name";

    @Override
    @JsonPropertyDescription("Which class of storage the volume uses, its size, and where it is mounted by default.")
    public NetworkVolumeSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Where the volume exists, who mounts it and how full it is.")
    public NetworkVolumeStatus getStatus() {
        return super.getStatus();
    }
}
