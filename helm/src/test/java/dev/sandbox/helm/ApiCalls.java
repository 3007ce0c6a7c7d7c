package dev.sandbox.helm;

import dev.sandbox.dev.kube.ApiRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an HTTP request to the Kubernetes API into the (verb, group, resource, namespace) that RBAC authorizes. */
final class ApiCalls {
    /** {@code /api/v1/...} or {@code /apis/<group>/<version>/...}, then the namespaced or cluster-wide rest. */
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(?:/([^/]+))?$");

    private ApiCalls() {}

    /** The call, or empty for requests RBAC does not cover this way (discovery, /version, health). */
    static Optional<ApiCall> of(ApiRequest request) {
        String path = request.path();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String queryString = query < 0 ? "" : path.substring(query + 1);
        Matcher m = PATH.matcher(bare);
        if (!m.matches()) {
            return Optional.empty();
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String namespace = m.group(2);
        String resource = m.group(3);
        String name = m.group(4);
        String subresource = m.group(5);
        if (namespace == null && "namespaces".equals(resource) && name != null && subresource != null) {
            return Optional.empty();
        }
        boolean watch = queryString.matches("(^|.*&)watch=(true|1)(&.*|$)");
        String verb = switch (request.method()) {
            case "GET" -> name == null ? (watch ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> request.method().toLowerCase(Locale.ROOT);
        };
        return Optional.of(
                new ApiCall(verb, group, subresource == null ? resource : resource + "/" + subresource, namespace));
    }
}
