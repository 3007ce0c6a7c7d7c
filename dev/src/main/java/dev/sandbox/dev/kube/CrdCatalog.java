package dev.sandbox.dev.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the embedded API server knows from the CRDs stored in it: which groups hold custom resources, the discovery
 * documents that list them, and their printer columns, which turn a {@code get} into the Table kubectl prints.
 */
final class CrdCatalog {
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    /** {@code /apis/<group>/<version>/namespaces/<ns>/<plural>[/<name>[/<subresource>]]}. */
    private static final Pattern NAMESPACED_RESOURCE =
            Pattern.compile("/apis/([^/]+)/([^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?(/[^/]+)?");
    /** {@code /apis/<group>/<version>/<plural>[/<name>[/<subresource>]]}. */
    private static final Pattern CLUSTER_RESOURCE =
            Pattern.compile("/apis/([^/]+)/([^/]+)/([^/]+)(?:/([^/]+))?(/[^/]+)?");

    private final Function<String, MockResponse> store;
    private final Clock clock;

    /**
     * @param store answers a GET of a path from the in-memory store, as the mock does
     * @param clock what ages in tables are computed against
     */
    CrdCatalog(Function<String, MockResponse> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A printer-column Table for a get or list of a custom resource, or null to answer as usual. */
    MockResponse table(String rawPath, String path) {
        String group;
        String version;
        String plural;
        Matcher namespaced = NAMESPACED_RESOURCE.matcher(path);
        Matcher cluster = CLUSTER_RESOURCE.matcher(path);
        if (namespaced.matches()) {
            if (namespaced.group(6) != null) {
                return null;
            }
            group = namespaced.group(1);
            version = namespaced.group(2);
            plural = namespaced.group(4);
        } else if (cluster.matches()) {
            if (cluster.group(5) != null) {
                return null;
            }
            group = cluster.group(1);
            version = cluster.group(2);
            plural = cluster.group(3);
        } else {
            return null;
        }
        Optional<List<CustomResourceColumnDefinition>> columns = printerColumns(group, version, plural);
        if (columns.isEmpty()) {
            return null;
        }
        MockResponse response = store.apply(rawPath);
        if (response.code() != 200 || response.getBody() == null) {
            return ApiResponses.notFoundStatus(response, path);
        }
        try {
            JsonNode body =
                    Serialization.jsonMapper().readTree(response.getBody().getBytes());
            ObjectNode table = PrinterColumnTable.toTable(
                    columns.get(), body, ApiResponses.queryParameter(rawPath, "includeObject"), clock.instant());
            return ApiResponses.json(200, Serialization.jsonMapper().writeValueAsString(table));
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code path} lies in the group of a stored CRD. */
    boolean isCustomResource(String path) {
        if (!path.startsWith("/apis/")) {
            return false;
        }
        String group = path.substring("/apis/".length()).split("/")[0];
        return storedCrds().stream()
                .anyMatch(crd ->
                        crd.getSpec() != null && group.equals(crd.getSpec().getGroup()));
    }

    /** The printer columns of a stored CRD's version, if that CRD exists. */
    private Optional<List<CustomResourceColumnDefinition>> printerColumns(String group, String version, String plural) {
        for (CustomResourceDefinition crd : storedCrds()) {
            if (crd.getSpec() == null
                    || !group.equals(crd.getSpec().getGroup())
                    || crd.getSpec().getNames() == null
                    || !plural.equals(crd.getSpec().getNames().getPlural())) {
                continue;
            }
            for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
                if (version.equals(v.getName())) {
                    return Optional.of(
                            v.getAdditionalPrinterColumns() == null ? List.of() : v.getAdditionalPrinterColumns());
                }
            }
        }
        return Optional.empty();
    }

    Discovery discovery(RecordedRequest request) {
        List<ResourceType> custom = new ArrayList<>();
        for (CustomResourceDefinition crd : storedCrds()) {
            custom.addAll(ResourceType.fromCrd(crd));
        }
        String host = request.getHeader("Host");
        return new Discovery(custom, host == null ? "127.0.0.1" : host);
    }

    private List<CustomResourceDefinition> storedCrds() {
        MockResponse response = store.apply(CRD_PATH);
        List<CustomResourceDefinition> crds = new ArrayList<>();
        if (response.getBody() == null) {
            return crds;
        }
        try {
            JsonNode list =
                    Serialization.jsonMapper().readTree(response.getBody().getBytes());
            for (JsonNode item : list.path("items")) {
                crds.add(Serialization.jsonMapper().treeToValue(item, CustomResourceDefinition.class));
            }
        } catch (IOException e) {
            // A CRD the model cannot read is simply not advertised.
        }
        return crds;
    }
}
