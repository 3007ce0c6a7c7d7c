package dev.sandbox.dev.kube;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers shaped as a real API server's: JSON with its Content-Type, and {@code Status} objects for failures. */
final class ApiResponses {
    static final String JSON = "application/json";

    /** A core object path, to name the resource in a NotFound status. */
    private static final Pattern CORE_OBJECT = Pattern.compile("/api/[^/]+(?:/namespaces/[^/]+)?/([^/]+)/([^/]+)");
    /** A grouped object path, to name the resource in a NotFound status. */
    private static final Pattern GROUP_OBJECT =
            Pattern.compile("/apis/([^/]+)/[^/]+(?:/namespaces/[^/]+)?/([^/]+)/([^/]+)");

    private ApiResponses() {}

    /** Gives an empty 404 the Status body the real server sends, so kubectl prints {@code "x" not found}. */
    static MockResponse notFoundStatus(MockResponse response, String path) {
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

    /** A failure {@code Status} with the given code, reason and message. */
    static MockResponse status(int code, String reason, String message) {
        String body = Serialization.asJson(new StatusBuilder()
                .withStatus("Failure")
                .withMessage(message)
                .withReason(reason)
                .withCode(code)
                .build());
        return json(code, body);
    }

    /** A JSON answer. */
    static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", JSON)
                .setBody(body);
    }

    /** The path without its query string. */
    static String pathOf(String rawPath) {
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
