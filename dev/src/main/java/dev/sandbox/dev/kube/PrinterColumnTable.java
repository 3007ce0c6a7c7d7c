package dev.sandbox.dev.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns custom resources into the {@code meta.k8s.io/v1 Table} kubectl asks for, with the CRD's
 * {@code additionalPrinterColumns}.
 *
 * <p>kubectl renders {@code get} output from a server-side Table (it sends
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...}); the mock does not build one, so without this
 * kubectl shows only NAME and AGE. Like the real API server: the first column is Name, columns keep the CRD's order
 * and priority ({@code -o wide} shows priority &gt; 0), and a {@code date} cell is already an age ({@code 5m}):
 * kubectl prints cells as they come.
 */
final class PrinterColumnTable {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** {@code .a.b[0].c}: the only JSONPath form evaluated; anything else (filters, wildcards) gives an empty cell. */
    private static final Pattern SIMPLE_PATH = Pattern.compile("(\\.[A-Za-z0-9_-]+(\\[[0-9]+])?)+");

    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_-]+)(?:\\[([0-9]+)])?");

    private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. "
            + "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private PrinterColumnTable() {}

    /** Whether an {@code Accept} header asks for a {@code meta.k8s.io/v1} Table. */
    static boolean wantsTable(String accept) {
        if (accept == null) {
            return false;
        }
        for (String mediaType : accept.split(",")) {
            String normalized = mediaType.replace(" ", "");
            if (normalized.contains(";as=Table")
                    && normalized.contains(";g=meta.k8s.io")
                    && normalized.contains(";v=v1")
                    && !normalized.contains(";v=v1beta1")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the Table.
     *
     * @param columns the CRD version's printer columns (may be empty)
     * @param body a single object or a list ({@code items})
     * @param includeObject the request's {@code includeObject} parameter: {@code None}, {@code Object} or (the
     *     default) {@code Metadata}
     * @param now the time ages are computed against
     */
    static ObjectNode toTable(
            List<CustomResourceColumnDefinition> columns, JsonNode body, String includeObject, Instant now) {
        List<JsonNode> objects = new ArrayList<>();
        String resourceVersion;
        if (body.has("items")) {
            body.path("items").forEach(objects::add);
            resourceVersion = body.path("metadata").path("resourceVersion").asText("");
        } else {
            objects.add(body);
            resourceVersion = body.path("metadata").path("resourceVersion").asText("");
        }

        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);

        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions.add(column("Name", "string", "name", NAME_DESCRIPTION, 0));
        for (CustomResourceColumnDefinition c : columns) {
            definitions.add(column(
                    c.getName(),
                    c.getType(),
                    c.getFormat(),
                    c.getDescription(),
                    c.getPriority() == null ? 0 : c.getPriority()));
        }

        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(object.path("metadata").path("name").asText());
            for (CustomResourceColumnDefinition c : columns) {
                cells.add(cell(c.getType(), evaluate(object, c.getJsonPath()), now));
            }
            JsonNode rowObject = rowObject(object, includeObject);
            if (rowObject != null) {
                row.set("object", rowObject);
            }
        }
        return table;
    }

    private static ObjectNode column(String name, String type, String format, String description, int priority) {
        ObjectNode column = JSON.objectNode();
        column.put("name", name);
        column.put("type", type == null ? "string" : type);
        column.put("format", format == null ? "" : format);
        column.put("description", description == null ? "" : description);
        column.put("priority", priority);
        return column;
    }

    /** Evaluates a simple {@code .a.b[0].c} path; null when absent or when the path is not that simple. */
    static JsonNode evaluate(JsonNode object, String jsonPath) {
        if (jsonPath == null) {
            return null;
        }
        String path = jsonPath.trim();
        // CRDs may wrap the path in braces as kubectl's custom-columns do.
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        if (!SIMPLE_PATH.matcher(path).matches()) {
            return null;
        }
        JsonNode node = object;
        Matcher segment = SEGMENT.matcher(path);
        while (segment.find()) {
            node = node.path(segment.group(1));
            if (segment.group(2) != null) {
                node = node.path(Integer.parseInt(segment.group(2)));
            }
        }
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    /** The cell in the column's type, as the API server sends it; null (empty cell) when the value is absent. */
    private static JsonNode cell(String type, JsonNode value, Instant now) {
        if (value == null) {
            return JSON.nullNode();
        }
        String t = type == null ? "string" : type;
        return switch (t) {
            case "date" -> JSON.textNode(age(value.asText(), now));
            case "integer" -> value.isNumber() ? JSON.numberNode(value.asLong()) : JSON.nullNode();
            case "number" -> value.isNumber() ? JSON.numberNode(value.asDouble()) : JSON.nullNode();
            case "boolean" -> value.isBoolean() ? value : JSON.booleanNode(Boolean.parseBoolean(value.asText()));
            default -> value.isValueNode() ? JSON.textNode(value.asText()) : JSON.textNode(value.toString());
        };
    }

    /** The age of an RFC 3339 timestamp, as the API server renders a {@code date} column. */
    private static String age(String timestamp, Instant now) {
        try {
            return HumanDuration.format(
                    Duration.between(OffsetDateTime.parse(timestamp).toInstant(), now));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    /** The row's object as {@code includeObject} asks: none, the whole object, or its metadata only (default). */
    private static JsonNode rowObject(JsonNode object, String includeObject) {
        if ("None".equals(includeObject)) {
            return null;
        }
        if ("Object".equals(includeObject)) {
            return object;
        }
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
        return partial;
    }
}
