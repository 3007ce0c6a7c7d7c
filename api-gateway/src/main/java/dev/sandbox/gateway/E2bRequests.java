package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks of E2B control-plane request bodies. Every field is checked before anything is created; fields E2B has and
 * this server cannot honour are refused with a message naming them (see docs/e2b-compatibility.md). Unknown fields are
 * ignored, as E2B's API does.
 */
final class E2bRequests {
    private E2bRequests() {}

    static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message, null);
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + field + "' must be a string");
        }
        return value.asText();
    }

    /** A number of seconds from 0 to E2B's longest lifetime (24 h); {@code fallback} when absent. */
    static long seconds(JsonNode body, String field, long fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong()
                || !value.isIntegralNumber()
                || value.asLong() < 0
                || value.asLong() > E2bSandboxes.MAX_TIMEOUT_SECONDS) {
            throw invalid(
                    "'" + field + "' must be a whole number of seconds from 0 to " + E2bSandboxes.MAX_TIMEOUT_SECONDS);
        }
        return value.asLong();
    }

    static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid("'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    /** An object of string values (metadata, envVars); empty when absent. */
    static Map<String, String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isObject()) {
            throw invalid("'" + field + "' must be an object of string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw invalid("'" + field + "." + e.getKey() + "' must be a string");
            }
            if (e.getKey().isEmpty()
                    || e.getKey().length() > 256
                    || e.getValue().asText().length() > 4096) {
                throw invalid("'" + field + "' keys must be 1 to 256 characters and values at most 4096");
            }
            result.put(e.getKey(), e.getValue().asText());
        }
        if (result.size() > 64) {
            throw invalid("'" + field + "' may have at most 64 entries");
        }
        return result;
    }

    /** Refuses the E2B features that have no counterpart here, naming the field. */
    static void unsupported(JsonNode body) {
        if (body.hasNonNull("mcp")) {
            throw invalid("'mcp' (MCP gateway) is not supported by this server");
        }
        JsonNode mounts = body.get("volumeMounts");
        if (mounts != null && !mounts.isNull() && mounts.size() > 0) {
            throw invalid(
                    "'volumeMounts' (E2B volumes) are not supported by this server; use the /v1 API's network volumes");
        }
        JsonNode resume = body.get("autoResume");
        if (resume != null && resume.path("enabled").asBoolean(false)) {
            throw invalid("'autoResume' is not supported by this server: resume a paused sandbox by connecting to it");
        }
    }
}
