package dev.sandbox.dev.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal {@code /openapi/v3}: just enough for kubectl's client-side checks to pass, so {@code kubectl apply}
 * and {@code create} work without {@code --validate=false}.
 *
 * <p>Before sending, kubectl asks whether the server validates fields itself: it looks in the OpenAPI v3 document
 * of the object's group-version for a PATCH operation of that kind with a {@code fieldValidation} query parameter;
 * for a group-version the root does not list (every CRD here) it checks the core Namespace operation instead. When
 * it finds none it wants to validate on the client with the OpenAPI v2 document, which it only reads as protobuf;
 * without one it refuses ("failed to download openapi"). So this document lists, for the built-in types only, a
 * PATCH operation that takes {@code fieldValidation}, and no schemas.
 *
 * <p>The embedded server does not validate fields: {@code fieldValidation=Strict} is accepted and ignored, exactly as
 * {@code --validate=false} would have it. Schemas are absent, so {@code kubectl explain} does not work.
 */
final class OpenApiV3 {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Group-version document path (e.g. {@code api/v1}, {@code apis/events.k8s.io/v1}) to the document. */
    private final Map<String, String> documents = new LinkedHashMap<>();

    private final String root;

    OpenApiV3() {
        Map<String, ObjectNode> byGroupVersion = new LinkedHashMap<>();
        for (ResourceType type : Discovery.BUILT_IN) {
            String key = type.group().isEmpty() ? "api/v1" : "apis/" + type.group() + "/" + type.version();
            ObjectNode document = byGroupVersion.computeIfAbsent(key, k -> newDocument());
            ObjectNode patch = ((ObjectNode) document.get("paths"))
                    .putObject(objectPath(type))
                    .putObject("patch");
            patch.put("x-kubernetes-action", "patch");
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", type.group());
            gvk.put("version", type.version());
            gvk.put("kind", type.kind());
            ObjectNode parameter = patch.putArray("parameters").addObject();
            parameter.put("name", "fieldValidation");
            parameter.put("in", "query");
            parameter.put("description", "Accepted and ignored: the embedded API server does not validate fields.");
            parameter.putObject("schema").put("type", "string");
        }
        ObjectNode rootDocument = JSON.objectNode();
        ObjectNode paths = rootDocument.putObject("paths");
        byGroupVersion.forEach((key, document) -> {
            String text = document.toString();
            documents.put(key, text);
            // kubectl caches each document under its URL; the hash changes the URL whenever the content changes.
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + sha256(text));
        });
        root = rootDocument.toString();
    }

    /** The document at {@code path} (without query): the root {@code /openapi/v3} or a group-version's. */
    Optional<String> document(String path) {
        String trimmed = path.replaceAll("/+$", "");
        if ("/openapi/v3".equals(trimmed)) {
            return Optional.of(root);
        }
        String prefix = "/openapi/v3/";
        return trimmed.startsWith(prefix)
                ? Optional.ofNullable(documents.get(trimmed.substring(prefix.length())))
                : Optional.empty();
    }

    private static ObjectNode newDocument() {
        ObjectNode document = JSON.objectNode();
        document.put("openapi", "3.0.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Kubernetes (sandbox embedded API)");
        info.put("version", "v1.32.0");
        document.putObject("paths");
        document.putObject("components").putObject("schemas");
        return document;
    }

    private static String objectPath(ResourceType type) {
        String prefix = type.group().isEmpty() ? "/api/v1" : "/apis/" + type.group() + "/" + type.version();
        return prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural() + "/{name}";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
