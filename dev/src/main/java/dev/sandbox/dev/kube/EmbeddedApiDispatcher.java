package dev.sandbox.dev.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher plus what kubectl needs from a real API server.
 *
 * <p>Before delegating to the in-memory store it answers discovery, {@code /version} and health paths; answers
 * {@code get}/{@code list} of custom resources with a printer-column Table when asked for one; applies JSON merge
 * patches (and list-free strategic merge patches) with real RFC 7386 semantics; drops query strings from writes
 * (the mock ignores a {@code /status} write whose path carries one); and refuses what it cannot do honestly
 * (server-side apply, server-side dry run) instead of silently doing something else.
 */
final class EmbeddedApiDispatcher extends KubernetesCrudDispatcher {

    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String JSON = "application/json";
    private static final String JSON_PATCH = "application/json-patch+json";

    /** {@code /apis/<group>/<version>/namespaces/<ns>/<plural>[/<name>[/<subresource>]]}. */
    private static final Pattern NAMESPACED_RESOURCE =
            Pattern.compile("/apis/([^/]+)/([^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?(/[^/]+)?");
    /** {@code /apis/<group>/<version>/<plural>[/<name>[/<subresource>]]}. */
    private static final Pattern CLUSTER_RESOURCE =
            Pattern.compile("/apis/([^/]+)/([^/]+)/([^/]+)(?:/([^/]+))?(/[^/]+)?");
    /** A core object path, to name the resource in a NotFound status. */
    private static final Pattern CORE_OBJECT = Pattern.compile("/api/[^/]+(?:/namespaces/[^/]+)?/([^/]+)/([^/]+)");
    /** A grouped object path, to name the resource in a NotFound status. */
    private static final Pattern GROUP_OBJECT =
            Pattern.compile("/apis/([^/]+)/[^/]+(?:/namespaces/[^/]+)?/([^/]+)/([^/]+)");

    private static final String VERSION_INFO =
            "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-sandbox-dev\","
                    + "\"gitCommit\":\"\",\"gitTreeState\":\"clean\",\"buildDate\":\"1970-01-01T00:00:00Z\","
                    + "\"goVersion\":\"\",\"compiler\":\"java\",\"platform\":\"linux/amd64\"}";

    private static final Logger LOG = Logger.getLogger(EmbeddedApiDispatcher.class.getName());

    private final MockWebServer webServer;
    private final Clock clock;
    private final OpenApiV3 openApi = new OpenApiV3();

    /**
     * Serializes writes: a merge patch is computed from the stored object and then handed to the mock, and no other
     * write may slip in between.
     */
    private final Object writes = new Object();

    /**
     * @param webServer the server this dispatcher serves; it records every request for tests that inspect them,
     *     which in a long-running dev process is a leak, so the dispatcher forgets them as they arrive
     */
    EmbeddedApiDispatcher(MockWebServer webServer) {
        this(webServer, Clock.systemUTC());
    }

    /** As {@link #EmbeddedApiDispatcher(MockWebServer)}, with the clock that ages in tables are computed against. */
    EmbeddedApiDispatcher(MockWebServer webServer, Clock clock) {
        this.webServer = webServer;
        this.clock = clock;
    }

    /** Told about every request before it is answered; see {@link EmbeddedKubernetes#onRequest}. */
    private volatile Consumer<ApiRequest> listener = r -> {};

    void onRequest(Consumer<ApiRequest> newListener) {
        listener = newListener;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        webServer.reset();
        String authorization = request.getHeader("Authorization");
        listener.accept(new ApiRequest(
                request.getMethod(),
                request.getPath(),
                authorization != null && authorization.startsWith("Bearer ")
                        ? authorization.substring("Bearer ".length())
                        : null));
        MockResponse response;
        try {
            response = route(request);
        } catch (RuntimeException e) {
            // Uncaught, the mock never answers and the client hangs until its own timeout.
            LOG.log(Level.WARNING, "Embedded API server failed on " + request.getMethod() + " " + request.getPath(), e);
            response = status(500, "InternalError", "embedded API server error: " + e);
        }
        if (response != null
                && response.getWebSocketListener() == null
                && response.getBody() != null
                && response.getBody().size() > 0
                && response.getHeaders().header("Content-Type") == null) {
            // The mock sets no Content-Type; client-go then guesses, and its discovery client relies on it.
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }

    private MockResponse route(RecordedRequest request) {
        HttpMethod method = request.method();
        if (method == null) {
            return status(405, "MethodNotAllowed", "method not supported by the embedded API server");
        }
        String rawPath = request.getPath();
        String path = pathOf(rawPath);
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.contains("protobuf")) {
            // kubectl's typed commands (create configmap|secret|namespace, scale...) send protobuf, which the mock
            // cannot
            // read: answer a clear 415 rather than fail parsing. kubectl 1.32 does not retry in JSON.
            return status(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted "
                            + "media types include: application/json, application/yaml");
        }
        switch (method) {
            case GET:
                return get(request, rawPath, path);
            case POST:
            case PUT:
            case PATCH:
            case DELETE:
                if (queryParameter(rawPath, "dryRun") != null) {
                    return status(400, "BadRequest", "server-side dry run is not supported by the embedded API server");
                }
                synchronized (writes) {
                    MockResponse written = write(request, method, path);
                    if (written != null
                            && written.getBody() != null
                            && written.getBody().size() > 0) {
                        String body = written.getBody().readUtf8();
                        written.setBody(withoutNullStatus(body));
                    }
                    return written;
                }
            default:
                return status(405, "MethodNotAllowed", "method not supported by the embedded API server");
        }
    }

    private MockResponse get(RecordedRequest request, String rawPath, String path) {
        if (Discovery.isDiscoveryPath(path)) {
            Optional<String> document = discovery(request).document(path);
            return document.map(d -> json(200, d))
                    .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource"));
        }
        if (path.startsWith("/openapi/v3")) {
            return openApi.document(path)
                    .map(d -> json(200, d))
                    .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource"));
        }
        if ("/version".equals(path)) {
            return json(200, VERSION_INFO);
        }
        if ("/healthz".equals(path) || "/livez".equals(path) || "/readyz".equals(path)) {
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "text/plain")
                    .setBody("ok");
        }
        if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
            // The mock would match an unknown path against every stored object and answer a list of all of them.
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        boolean watch = "true".equals(queryParameter(rawPath, "watch")) || "1".equals(queryParameter(rawPath, "watch"));
        String upgrade = request.getHeader("Upgrade");
        if (watch && (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket"))) {
            // The mock answers every watch with a WebSocket upgrade; a plain HTTP request would get an opaque error.
            return status(
                    400,
                    "BadRequest",
                    "the embedded API server streams watches over WebSocket only; "
                            + "HTTP streaming watches (kubectl get -w, kubectl wait on a condition not yet met) are not supported");
        }
        if (!watch && PrinterColumnTable.wantsTable(request.getHeader("Accept"))) {
            MockResponse table = table(rawPath, path);
            if (table != null) {
                return table;
            }
        }
        return notFoundStatus(super.dispatch(request), path);
    }

    /**
     * The mock numbers UIDs from zero in every process, so two runs (or two test stacks) hand out the same UIDs, and
     * Docker objects are named after them. A real API server assigns a random UID to every new object: do the same.
     */
    private static byte[] withFreshUid(byte[] body) {
        try {
            JsonNode node = Serialization.jsonMapper().readTree(body);
            if (node instanceof ObjectNode object && object.get("metadata") instanceof ObjectNode metadata) {
                metadata.put("uid", UUID.randomUUID().toString());
                return Serialization.jsonMapper().writeValueAsBytes(object);
            }
        } catch (IOException | RuntimeException notJson) {
            // Leave bodies that are not JSON objects to the mock, which answers them as it does.
        }
        return body;
    }

    private MockResponse write(RecordedRequest request, HttpMethod method, String path) {
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        String contentType = request.getHeader("Content-Type");
        if (method == HttpMethod.PATCH) {
            String mediaType =
                    contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            switch (mediaType) {
                case "application/apply-patch+yaml":
                    return status(
                            415,
                            "UnsupportedMediaType",
                            "server-side apply is not supported by the embedded API server; use client-side kubectl apply");
                case "application/strategic-merge-patch+json":
                    if (isCustomResource(path)) {
                        // As the real server: custom resources have no patch strategies to merge by.
                        return status(
                                415,
                                "UnsupportedMediaType",
                                "the body of the request was in an unknown format - accepted "
                                        + "media types include: application/json-patch+json, application/merge-patch+json, "
                                        + "application/apply-patch+yaml");
                    }
                    return mergePatch(request, path, body, true);
                case "application/merge-patch+json":
                    return mergePatch(request, path, body, false);
                default:
                    break;
            }
        }
        if (method == HttpMethod.POST) {
            body = withFreshUid(body);
        }
        // Query strings are dropped: the mock reads none on writes, and one on a /status path hides the subresource.
        RecordedRequest rewritten =
                new RecordedRequest(request.getHttpVersion(), method, path, request.getHeaders(), new Buffer(body));
        return notFoundStatus(super.dispatch(rewritten), path);
    }

    /** Applies a merge patch to the stored object and hands the result to the mock as a whole-object JSON patch. */
    private MockResponse mergePatch(RecordedRequest request, String path, byte[] body, boolean strategic) {
        JsonNode patch;
        try {
            patch = Serialization.jsonMapper().readTree(body);
        } catch (IOException e) {
            return status(400, "BadRequest", "the patch is not valid JSON: " + e.getMessage());
        }
        if (strategic) {
            patch = MergePatch.strategicToMerge(patch);
            if (patch == null) {
                return status(
                        415,
                        "UnsupportedMediaType",
                        "the embedded API server applies a strategic merge patch only "
                                + "when it has no lists and no $-directives; use --type=merge or --type=json");
            }
        }
        Optional<JsonNode> current = stored(path);
        if (current.isEmpty()) {
            return notFoundStatus(new MockResponse().setResponseCode(404), path);
        }
        JsonNode merged = MergePatch.apply(current.get(), patch);
        ArrayNode jsonPatch = JsonNodeFactory.instance.arrayNode();
        ObjectNode replace = jsonPatch.addObject();
        replace.put("op", "replace");
        replace.put("path", "");
        replace.set("value", merged);
        RecordedRequest rewritten = new RecordedRequest(
                request.getHttpVersion(),
                HttpMethod.PATCH,
                path,
                request.getHeaders()
                        .newBuilder()
                        .set("Content-Type", JSON_PATCH)
                        .build(),
                new Buffer(jsonPatch.toString().getBytes(StandardCharsets.UTF_8)));
        return super.dispatch(rewritten);
    }

    /** The stored object at {@code path} (a {@code /status} suffix is ignored). */
    private Optional<JsonNode> stored(String path) {
        String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
        MockResponse response = super.handleGet(objectPath);
        if (response.code() != 200 || response.getBody() == null) {
            return Optional.empty();
        }
        try {
            JsonNode node =
                    Serialization.jsonMapper().readTree(response.getBody().getBytes());
            // A path without a name would list; only a single object can be patched.
            return node.has("items") ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A printer-column Table for a get or list of a custom resource, or null to answer as usual. */
    private MockResponse table(String rawPath, String path) {
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
        MockResponse response = super.handleGet(rawPath);
        if (response.code() != 200 || response.getBody() == null) {
            return notFoundStatus(response, path);
        }
        try {
            JsonNode body =
                    Serialization.jsonMapper().readTree(response.getBody().getBytes());
            ObjectNode table = PrinterColumnTable.toTable(
                    columns.get(), body, queryParameter(rawPath, "includeObject"), clock.instant());
            return json(200, Serialization.jsonMapper().writeValueAsString(table));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Stores objects without a {@code "status": null}. The mock's PATCH and PUT copy the stored status over for
     * resources with a status subresource, and copy a missing one as {@code null}, which a real server never stores
     * (kubectl would show {@code status: null}, and watchers would see a field that is not there).
     */
    @Override
    public void processEvent(
            String path,
            AttributeSet pathAttributes,
            AttributeSet oldAttributes,
            GenericKubernetesResource resource,
            String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, withoutNullStatus(newState));
    }

    /** {@code json} without a top-level {@code "status": null}. */
    static String withoutNullStatus(String json) {
        if (json == null || !json.contains("\"status\":null")) {
            return json;
        }
        try {
            JsonNode node = Serialization.jsonMapper().readTree(json);
            if (node.isObject() && node.has("status") && node.get("status").isNull()) {
                ((ObjectNode) node).remove("status");
                return Serialization.jsonMapper().writeValueAsString(node);
            }
        } catch (IOException e) {
            // Not JSON: leave it as it is.
        }
        return json;
    }

    /** Whether {@code path} lies in the group of a stored CRD. */
    private boolean isCustomResource(String path) {
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

    private Discovery discovery(RecordedRequest request) {
        List<ResourceType> custom = new ArrayList<>();
        for (CustomResourceDefinition crd : storedCrds()) {
            custom.addAll(ResourceType.fromCrd(crd));
        }
        String host = request.getHeader("Host");
        return new Discovery(custom, host == null ? "127.0.0.1" : host);
    }

    private List<CustomResourceDefinition> storedCrds() {
        MockResponse response = super.handleGet(CRD_PATH);
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

    /** Gives an empty 404 the Status body the real server sends, so kubectl prints {@code "x" not found}. */
    private static MockResponse notFoundStatus(MockResponse response, String path) {
        if (response == null
                || response.code() != 404
                || (response.getBody() != null && response.getBody().size() > 0)) {
            return response;
        }
        String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
        Matcher core = CORE_OBJECT.matcher(objectPath);
        Matcher grouped = GROUP_OBJECT.matcher(objectPath);
        String group;
        String plural;
        String name;
        if (core.matches()) {
            group = "";
            plural = core.group(1);
            name = core.group(2);
        } else if (grouped.matches()) {
            group = grouped.group(1);
            plural = grouped.group(2);
            name = grouped.group(3);
        } else {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        String resource = group.isEmpty() ? plural : plural + "." + group;
        String body = Serialization.asJson(new StatusBuilder()
                .withStatus("Failure")
                .withMessage(resource + " \"" + name + "\" not found")
                .withReason("NotFound")
                .withNewDetails()
                .withName(name)
                .withGroup(group)
                .withKind(plural)
                .endDetails()
                .withCode(404)
                .build());
        return json(404, body);
    }

    private static MockResponse status(int code, String reason, String message) {
        String body = Serialization.asJson(new StatusBuilder()
                .withStatus("Failure")
                .withMessage(message)
                .withReason(reason)
                .withCode(code)
                .build());
        return json(code, body);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", JSON)
                .setBody(body);
    }

    private static String pathOf(String rawPath) {
        int query = rawPath.indexOf('?');
        return query < 0 ? rawPath : rawPath.substring(0, query);
    }

    /** The first value of a query parameter, or null. */
    static String queryParameter(String rawPath, String name) {
        int query = rawPath.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : rawPath.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
