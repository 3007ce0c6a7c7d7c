package dev.sandbox.dev.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The discovery documents ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>[/<version>]}).
 *
 * <p>fabric8's mock answers discovery with nothing kubectl can use, so kubectl reports "the server doesn't have a
 * resource type". These are the legacy (non-aggregated) documents: kubectl asks for aggregated discovery first but
 * falls back to these when the answer is plain {@code application/json}.
 */
final class Discovery {

    /** All verbs the CRUD mock answers for a collection or an object. */
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** Verbs of a {@code /status} subresource. */
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    /**
     * Built-in types advertised besides the stored CRDs: what kubectl and the platform touch (namespaces, events,
     * leases for leader election, CRDs themselves) plus the everyday core types, which the CRUD mock stores like any
     * other object. The CRD types come from the CRDs stored in the mock, so a CRD created later is discoverable too.
     */
    static final List<ResourceType> BUILT_IN = List.of(
            ResourceType.core("namespaces", "namespace", "Namespace", false, true, "ns"),
            ResourceType.core("pods", "pod", "Pod", true, true, "po"),
            ResourceType.core("events", "event", "Event", true, false, "ev"),
            ResourceType.core("configmaps", "configmap", "ConfigMap", true, false, "cm"),
            ResourceType.core("secrets", "secret", "Secret", true, false),
            ResourceType.core("services", "service", "Service", true, true, "svc"),
            ResourceType.core("serviceaccounts", "serviceaccount", "ServiceAccount", true, false, "sa"),
            ResourceType.core("endpoints", "endpoints", "Endpoints", true, false, "ep"),
            ResourceType.core(
                    "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, true, "pvc"),
            ResourceType.core("nodes", "node", "Node", false, true, "no"),
            new ResourceType(
                    "apiextensions.k8s.io",
                    "v1",
                    "customresourcedefinitions",
                    "customresourcedefinition",
                    "CustomResourceDefinition",
                    false,
                    List.of("crd", "crds"),
                    true),
            new ResourceType("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), false),
            new ResourceType("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), false),
            // What the Helm chart installs, so that `helm install` (and helm-java's dry run) can map its objects.
            new ResourceType("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), true),
            new ResourceType("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), true),
            new ResourceType("batch", "v1", "jobs", "job", "Job", true, List.of(), true),
            new ResourceType(
                    "policy",
                    "v1",
                    "poddisruptionbudgets",
                    "poddisruptionbudget",
                    "PodDisruptionBudget",
                    true,
                    List.of("pdb"),
                    true),
            new ResourceType(
                    "networking.k8s.io",
                    "v1",
                    "networkpolicies",
                    "networkpolicy",
                    "NetworkPolicy",
                    true,
                    List.of("netpol"),
                    false),
            new ResourceType("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, List.of("ing"), true),
            new ResourceType("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), false),
            new ResourceType(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "rolebindings",
                    "rolebinding",
                    "RoleBinding",
                    true,
                    List.of(),
                    false),
            new ResourceType(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "clusterroles",
                    "clusterrole",
                    "ClusterRole",
                    false,
                    List.of(),
                    false),
            new ResourceType(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "clusterrolebindings",
                    "clusterrolebinding",
                    "ClusterRoleBinding",
                    false,
                    List.of(),
                    false));

    private final List<ResourceType> types;
    private final String serverAddress;

    /**
     * @param customTypes the types of the CRDs stored right now
     * @param serverAddress {@code host:port} clients reach the server at
     */
    Discovery(List<ResourceType> customTypes, String serverAddress) {
        this.types = new ArrayList<>(BUILT_IN);
        this.types.addAll(customTypes);
        this.serverAddress = serverAddress;
    }

    /** Whether {@code path} (without query) is a discovery path this class answers, known or not. */
    static boolean isDiscoveryPath(String path) {
        String[] segments = segments(path);
        if (segments.length == 0) {
            return false;
        }
        return ("api".equals(segments[0]) && segments.length <= 2)
                || ("apis".equals(segments[0]) && segments.length <= 3);
    }

    /**
     * The discovery document for {@code path} (without query), or empty when the path names an unknown group or
     * version (the caller answers 404 then).
     */
    Optional<String> document(String path) {
        String[] segments = segments(path);
        if ("api".equals(segments[0])) {
            return segments.length == 1 ? Optional.of(apiVersions()) : resourceList("", segments[1]);
        }
        if (segments.length == 1) {
            return Optional.of(groupList());
        }
        if (segments.length == 2) {
            return group(segments[1]).map(Serialization::asJson);
        }
        return resourceList(segments[1], segments[2]);
    }

    /** The type served at {@code group/version/plural}, if any. */
    Optional<ResourceType> find(String group, String version, String plural) {
        return types.stream()
                .filter(t -> t.group().equals(group)
                        && t.version().equals(version)
                        && t.plural().equals(plural))
                .findFirst();
    }

    private String apiVersions() {
        return Serialization.asJson(new APIVersionsBuilder()
                .withVersions("v1")
                .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder()
                        .withClientCIDR("0.0.0.0/0")
                        .withServerAddress(serverAddress)
                        .build())
                .build());
    }

    private String groupList() {
        List<APIGroup> groups = new ArrayList<>();
        for (String name : groupVersions().keySet()) {
            group(name).ifPresent(groups::add);
        }
        return Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build());
    }

    private Optional<APIGroup> group(String name) {
        List<String> versions = groupVersions().get(name);
        if (versions == null) {
            return Optional.empty();
        }
        List<GroupVersionForDiscovery> entries = versions.stream()
                .map(v -> new GroupVersionForDiscovery(name + "/" + v, v))
                .collect(Collectors.toList());
        return Optional.of(new APIGroupBuilder()
                .withName(name)
                .withVersions(entries)
                .withPreferredVersion(entries.get(0))
                .build());
    }

    /** Named groups in first-seen order, each with its versions in first-seen order. */
    private Map<String, List<String>> groupVersions() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : types) {
            if (type.group().isEmpty()) {
                continue;
            }
            List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
            if (!versions.contains(type.version())) {
                versions.add(type.version());
            }
        }
        return groups;
    }

    private Optional<String> resourceList(String group, String version) {
        List<ResourceType> matching = types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        APIResourceListBuilder list =
                new APIResourceListBuilder().withGroupVersion(matching.get(0).groupVersion());
        for (ResourceType type : matching) {
            list.addToResources(new APIResourceBuilder()
                    .withName(type.plural())
                    .withSingularName(type.singular())
                    .withNamespaced(type.namespaced())
                    .withKind(type.kind())
                    .withVerbs(VERBS)
                    .withShortNames(type.shortNames().isEmpty() ? null : type.shortNames())
                    .build());
            if (type.statusSubresource()) {
                list.addToResources(new APIResourceBuilder()
                        .withName(type.plural() + "/status")
                        .withSingularName("")
                        .withNamespaced(type.namespaced())
                        .withKind(type.kind())
                        .withVerbs(STATUS_VERBS)
                        .build());
            }
        }
        return Optional.of(Serialization.asJson(list.build()));
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
