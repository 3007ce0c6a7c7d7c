package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the REST API that {@code GET /openapi.json} serves. It is kept as YAML resources, one
 * per area of the API ({@code openapi/*.yaml}), because a person reviews and edits it: the first file is the frame
 * (info, security, shared parameters, responses and schemas) and each further one adds its {@code paths} and
 * {@code components}. Merging refuses a name defined twice, so two areas cannot silently replace each other's parts.
 */
final class OpenApiDocument {
    /** The resources, frame first. */
    static final List<String> PARTS = List.of(
            "openapi.yaml",
            "sandboxes.yaml",
            "commands.yaml",
            "files.yaml",
            "snapshots.yaml",
            "templates.yaml",
            "volumes.yaml",
            "previews.yaml",
            "admin.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode document;
    private final byte[] json;

    private OpenApiDocument(ObjectNode document) {
        this.document = document;
        try {
            this.json = Json.MAPPER.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and merges the parts from the class path; fails when one is missing or malformed. */
    static OpenApiDocument load() {
        ObjectNode merged = null;
        for (String part : PARTS) {
            ObjectNode node = read("openapi/" + part);
            if (merged == null) {
                merged = node;
                continue;
            }
            mergeSection(merged, node, "paths", part);
            JsonNode components = node.path("components");
            for (Iterator<Map.Entry<String, JsonNode>> kinds = components.fields(); kinds.hasNext(); ) {
                Map.Entry<String, JsonNode> kind = kinds.next();
                ObjectNode target = merged.withObjectProperty("components").withObjectProperty(kind.getKey());
                mergeInto(target, kind.getValue(), "components." + kind.getKey(), part);
            }
        }
        return new OpenApiDocument(merged);
    }

    /** The document as a tree (a copy: callers may not change what is served). */
    JsonNode tree() {
        return document.deepCopy();
    }

    /** The document as JSON bytes, made once. */
    byte[] json() {
        return json.clone();
    }

    private static ObjectNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI part " + resource + " is missing from the class path");
            }
            JsonNode node = YAML.readTree(in);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalStateException("the OpenAPI part " + resource + " is not a YAML mapping");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI part " + resource, e);
        }
    }

    private static void mergeSection(ObjectNode merged, ObjectNode part, String section, String partName) {
        JsonNode entries = part.path(section);
        if (!entries.isMissingNode()) {
            mergeInto(merged.withObjectProperty(section), entries, section, partName);
        }
    }

    private static void mergeInto(ObjectNode target, JsonNode entries, String where, String partName) {
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (target.has(entry.getKey())) {
                throw new IllegalStateException(
                        partName + " defines " + where + "." + entry.getKey() + " a second time");
            }
            target.set(entry.getKey(), entry.getValue());
        }
    }
}
