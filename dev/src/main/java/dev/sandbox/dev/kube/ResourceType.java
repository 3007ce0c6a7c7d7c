package dev.sandbox.dev.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One resource type as the embedded API server advertises it in discovery.
 *
 * @param group API group, empty for the core ("legacy") group
 * @param version API version, e.g. {@code v1}
 * @param plural plural name used in URLs
 * @param singular singular name
 * @param kind kind of the objects
 * @param namespaced whether the objects live in a namespace
 * @param shortNames short names kubectl accepts (e.g. {@code sbx})
 * @param statusSubresource whether a {@code /status} subresource is served
 */
record ResourceType(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        boolean statusSubresource) {

    ResourceType {
        shortNames = List.copyOf(shortNames);
    }

    /** A resource of the core group ({@code /api/v1}). */
    static ResourceType core(
            String plural, String singular, String kind, boolean namespaced, boolean status, String... shortNames) {
        return new ResourceType("", "v1", plural, singular, kind, namespaced, List.of(shortNames), status);
    }

    /** The served versions of a stored CRD, one type each. */
    static List<ResourceType> fromCrd(CustomResourceDefinition crd) {
        List<ResourceType> types = new ArrayList<>();
        if (crd.getSpec() == null
                || crd.getSpec().getNames() == null
                || crd.getSpec().getVersions() == null) {
            return types;
        }
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        boolean namespaced = !"Cluster".equals(crd.getSpec().getScope());
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (Boolean.FALSE.equals(version.getServed())) {
                continue;
            }
            boolean status = version.getSubresources() != null
                    && version.getSubresources().getStatus() != null;
            String singular = names.getSingular() != null
                    ? names.getSingular()
                    : names.getKind().toLowerCase(Locale.ROOT);
            types.add(new ResourceType(
                    crd.getSpec().getGroup(),
                    version.getName(),
                    names.getPlural(),
                    singular,
                    names.getKind(),
                    namespaced,
                    names.getShortNames() == null ? List.of() : names.getShortNames(),
                    status));
        }
        return types;
    }

    /** {@code group/version}, or just {@code version} for the core group. */
    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
