package dev.sandbox.dev.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386), and the subset of strategic merge patch that means the same thing.
 *
 * <p>The mock "merges" a {@code merge-patch+json} body with Jackson's {@code readerForUpdating}, which stores
 * {@code null} instead of removing the field and appends to arrays instead of replacing them; so a second
 * {@code kubectl apply} that drops a field or changes a list would leave the old value behind. This class computes
 * the result the real API server would, and the dispatcher hands it to the mock as a whole-object JSON patch.
 */
final class MergePatch {

    private MergePatch() {}

    /** Applies {@code patch} to {@code target} per RFC 7386 and returns a new node; {@code target} is not changed. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? JsonNodeFactory.instance.nullNode() : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /**
     * Turns a strategic merge patch into the equivalent JSON merge patch, or returns null when it cannot.
     *
     * <p>Without lists and without {@code $}-directives (other than {@code $patch: merge}) the two formats agree.
     * With lists a strategic patch merges elements by a key that only the built-in types' schemas know (e.g.
     * containers by name), and directives such as {@code $retainKeys} or {@code $patch: replace} need that schema
     * too; approximating them would silently drop or keep data, so such a patch is refused.
     */
    static JsonNode strategicToMerge(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return null;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith("$")) {
                if ("$patch".equals(key) && "merge".equals(value.asText())) {
                    continue;
                }
                return null;
            }
            if (value.isArray()) {
                return null;
            }
            if (value.isObject()) {
                JsonNode converted = strategicToMerge(value);
                if (converted == null) {
                    return null;
                }
                result.set(key, converted);
            } else {
                result.set(key, value);
            }
        }
        return result;
    }
}
