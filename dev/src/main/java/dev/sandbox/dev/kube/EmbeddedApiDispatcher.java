package dev.sandbox.dev.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    private static final String JSON_PATCH = "application/json-patch+json";

    private static final String VERSION_INFO =
            "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-sandbox-dev\","
                    + "\"gitCommit\":\"\",\"gitTreeState\":\"clean\",\"buildDate\":\"1970-01-01T00:00:00Z\","
                    + "\"goVersion\":\"\",\"compiler\":\"java\",\"platform\":\"linux/amd64\"}";

    private static final Logger LOG = Logger.getLogger(EmbeddedApiDispatcher.class.getName());

    private final MockWebServer webServer;
    private final CrdCatalog crds;
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
        this.crds = new CrdCatalog(super::handleGet, clock);
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
            response = ApiResponses.status(500, "InternalError", "embedded API server error: " + e);
        }
        if (response != null
                && response.getWebSocketListener() == null
                && response.getBody() != null
                && response.getBody().size() > 0
                && response.getHeaders().header("Content-Type") == null) {
            // The mock sets no Content-Type; client-go then guesses, and its discovery client relies on it.
            response.setHeader("Content-Type", ApiResponses.JSON);
        }
        return response;
    }

    private MockResponse route(RecordedRequest request) {
        HttpMethod method = request.method();
        if (method == null) {
            return ApiResponses.status(405, "MethodNotAllowed", "method not supported by the embedded API server");
        }
        String rawPath = request.getPath();
        String path = ApiResponses.pathOf(rawPath);
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.contains("protobuf")) {
            // kubectl's typed commands (create configmap|secret|namespace, scale...) send protobuf, which the mock
            // cannot
            // read: answer a clear 415 rather than fail parsing. kubectl 1.32 does not retry in JSON.
            return ApiResponses.status(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted "
                            + "media types include: application/json, application/yaml");
        }
        return switch (method) {
            case GET -> get(request, rawPath, path);
            case POST, PUT, PATCH, DELETE -> guardedWrite(request, method, rawPath, path);
            default -> ApiResponses.status(405, "MethodNotAllowed", "method not supported by the embedded API server");
        };
    }

    /** A write, refused when it asks for a dry run; one at a time, so a merge patch sees no write slip in. */
    private MockResponse guardedWrite(RecordedRequest request, HttpMethod method, String rawPath, String path) {
        if (ApiResponses.queryParameter(rawPath, "dryRun") != null) {
            return ApiResponses.status(
                    400, "BadRequest", "server-side dry run is not supported by the embedded API server");
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
    }

    private MockResponse get(RecordedRequest request, String rawPath, String path) {
        if (Discovery.isDiscoveryPath(path)) {
            Optional<String> document = crds.discovery(request).document(path);
            return document.map(d -> ApiResponses.json(200, d))
                    .orElseGet(() ->
                            ApiResponses.status(404, "NotFound", "the server could not find the requested resource"));
        }
        if (path.startsWith("/openapi/v3")) {
            return openApi.document(path)
                    .map(d -> ApiResponses.json(200, d))
                    .orElseGet(() ->
                            ApiResponses.status(404, "NotFound", "the server could not find the requested resource"));
        }
        if ("/version".equals(path)) {
            return ApiResponses.json(200, VERSION_INFO);
        }
        if ("/healthz".equals(path) || "/livez".equals(path) || "/readyz".equals(path)) {
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "text/plain")
                    .setBody("ok");
        }
        if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
            // The mock would match an unknown path against every stored object and answer a list of all of them.
            return ApiResponses.status(404, "NotFound", "the server could not find the requested resource");
        }
        boolean watch = "true".equals(ApiResponses.queryParameter(rawPath, "watch"))
                || "1".equals(ApiResponses.queryParameter(rawPath, "watch"));
        String upgrade = request.getHeader("Upgrade");
        if (watch && (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket"))) {
            // The mock answers every watch with a WebSocket upgrade; a plain HTTP request would get an opaque error.
            return ApiResponses.status(
                    400,
                    "BadRequest",
                    "the embedded API server streams watches over WebSocket only; "
                            + "HTTP streaming watches (kubectl get -w, kubectl wait on a condition not yet met) are not supported");
        }
        if (!watch && PrinterColumnTable.wantsTable(request.getHeader("Accept"))) {
            MockResponse table = crds.table(rawPath, path);
            if (table != null) {
                return table;
            }
        }
        return ApiResponses.notFoundStatus(super.dispatch(request), path);
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
            MockResponse patched = switch (mediaType) {
                case "application/apply-patch+yaml" ->
                    ApiResponses.status(
                            415,
                            "UnsupportedMediaType",
                            "server-side apply is not supported by the embedded API server; use client-side kubectl apply");
                // As the real server: custom resources have no patch strategies to merge by.
                case "application/strategic-merge-patch+json" ->
                    crds.isCustomResource(path)
                            ? ApiResponses.status(
                                    415,
                                    "UnsupportedMediaType",
                                    "the body of the request was in an unknown format - accepted "
                                            + "media types include: application/json-patch+json, application/merge-patch+json, "
                                            + "application/apply-patch+yaml")
                            : mergePatch(request, path, body, true);
                case "application/merge-patch+json" -> mergePatch(request, path, body, false);
                // A JSON patch goes to the mock as it is.
                default -> null;
            };
            if (patched != null) {
                return patched;
            }
        }
        if (method == HttpMethod.POST) {
            body = withFreshUid(body);
        }
        // Query strings are dropped: the mock reads none on writes, and one on a /status path hides the subresource.
        RecordedRequest rewritten =
                new RecordedRequest(request.getHttpVersion(), method, path, request.getHeaders(), new Buffer(body));
        return ApiResponses.notFoundStatus(super.dispatch(rewritten), path);
    }

    /** Applies a merge patch to the stored object and hands the result to the mock as a whole-object JSON patch. */
    private MockResponse mergePatch(RecordedRequest request, String path, byte[] body, boolean strategic) {
        JsonNode patch;
        try {
            patch = Serialization.jsonMapper().readTree(body);
        } catch (IOException e) {
            return ApiResponses.status(400, "BadRequest", "the patch is not valid JSON: " + e.getMessage());
        }
        if (strategic) {
            patch = MergePatch.strategicToMerge(patch);
            if (patch == null) {
                return ApiResponses.status(
                        415,
                        "UnsupportedMediaType",
                        "the embedded API server applies a strategic merge patch only "
                                + "when it has no lists and no $-directives; use --type=merge or --type=json");
            }
        }
        Optional<JsonNode> current = stored(path);
        if (current.isEmpty()) {
            return ApiResponses.notFoundStatus(new MockResponse().setResponseCode(404), path);
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
}
