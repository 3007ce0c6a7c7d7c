package dev.sandbox.gateway;

import dev.sandbox.agent.ExecLimits;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The query parameters every {@code /v1} route accepts, checked for the matched route before its handler runs: a
 * request with an unknown parameter, a repeated one or a malformed value is answered 400 (naming the parameter) and
 * nothing is changed. Handlers still read their parameters themselves; this table only makes sure none of them can
 * fail after the handler has already acted (created, stopped, deleted...). Routes that pass a request on unchanged
 * (previews of a sandbox's ports) are not in the table and are not checked.
 */
final class QueryRules {
    /**
     * What a parameter's value must look like.
     *
     * @param repeatable whether it may be given more than once (each value is checked; see {@link #orMore()})
     */
    record Param(String name, String expectation, Predicate<String> valid, boolean repeatable) {
        Param(String name, String expectation, Predicate<String> valid) {
            this(name, expectation, valid, false);
        }

        Param orMore() {
            return new Param(name, expectation, valid, true);
        }
    }

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Map<String, Map<String, Param>> routes = new LinkedHashMap<>();

    /** The table of the gateway's own routes. */
    static QueryRules forGateway(GatewayConfig config) {
        Param wait = bool("wait");
        Param waitTimeout = range("waitTimeoutSeconds", 1, config.maxWait().toSeconds());
        QueryRules rules = new QueryRules();
        String sandbox = "/v1/sandboxes/{id}";
        String volume = sandbox + "/volumes/{volumeId}";
        String process = sandbox + "/processes/{processId}";
        rules.route("POST", "/v1/sandboxes", wait, waitTimeout);
        rules.route("GET", "/v1/sandboxes", any("status"), any("label").orMore());
        rules.route("GET", sandbox);
        rules.route("DELETE", sandbox, wait, waitTimeout);
        rules.route("POST", sandbox + "/stop", wait, waitTimeout, range("timeout", 0, 3600));
        rules.route("POST", sandbox + "/start", wait, waitTimeout);
        rules.route("POST", sandbox + "/restart", wait, waitTimeout);
        rules.route("POST", sandbox + "/pause", wait, waitTimeout);
        rules.route("POST", sandbox + "/resume", wait, waitTimeout);
        rules.route("POST", sandbox + "/snapshots", wait, waitTimeout);
        rules.route("GET", sandbox + "/snapshots");
        rules.route("POST", sandbox + "/fork", wait, waitTimeout);
        rules.route("GET", "/v1/snapshots");
        rules.route("GET", "/v1/snapshots/{name}");
        rules.route("DELETE", "/v1/snapshots/{name}");
        rules.route("GET", sandbox + "/environment");
        rules.route("PUT", sandbox + "/environment", wait, waitTimeout);
        rules.route("GET", sandbox + "/entrypoint");
        rules.route("PUT", sandbox + "/entrypoint", wait, waitTimeout);
        rules.route("POST", sandbox + "/mounts", wait, waitTimeout);
        rules.route("DELETE", sandbox + "/mounts/{volume}", wait, waitTimeout);
        rules.route("POST", "/v1/templates");
        rules.route("GET", "/v1/templates");
        rules.route("GET", "/v1/templates/{name}");
        rules.route("PUT", "/v1/templates/{name}");
        rules.route("DELETE", "/v1/templates/{name}");
        rules.route("POST", "/v1/network-volumes");
        rules.route("GET", "/v1/network-volumes");
        rules.route("GET", "/v1/network-volumes/{name}");
        rules.route("DELETE", "/v1/network-volumes/{name}");
        rules.route("GET", sandbox + "/usage", any("since"), range("limit", 1, 10_000));
        // Commands may ask to resume a paused sandbox first, waiting for it at most waitTimeoutSeconds.
        Param resume = bool("resume");
        rules.route("POST", sandbox + "/exec", resume, waitTimeout);
        rules.route("POST", sandbox + "/exec/stream", resume, waitTimeout);
        rules.route("GET", volume + "/files", any("path"));
        rules.route("POST", volume + "/directories", any("path"));
        rules.route("GET", volume + "/file", any("path"));
        rules.route("PUT", volume + "/file", any("path"), sha256());
        rules.route("DELETE", volume + "/file", any("path"), bool("recursive"));
        rules.route("POST", volume + "/upload", any("path"), bool("extract"), sha256());
        rules.route("POST", volume + "/rename");
        rules.route("GET", sandbox + "/export", any("path"));
        rules.route(
                "GET",
                sandbox + "/logs",
                new Param(
                        "tail",
                        "a whole number of 0 or more, or 'all'",
                        v -> v.equals("all") || (WHOLE.matcher(v).matches() && Long.parseLong(v) >= 0)),
                bool("follow"));
        rules.route("GET", sandbox + "/stats", bool("stream"));
        rules.route("POST", sandbox + "/processes", resume, waitTimeout);
        rules.route("GET", sandbox + "/processes");
        rules.route("GET", process);
        rules.route("DELETE", process);
        rules.route(
                "GET",
                process + "/output",
                range("stdoutFrom", 0, Long.MAX_VALUE),
                range("stderrFrom", 0, Long.MAX_VALUE));
        rules.route("POST", process + "/signal");
        rules.route("GET", process + "/wait", range("timeoutSeconds", 0, ExecLimits.MAX_PROCESS_WAIT_SECONDS));
        rules.route("POST", sandbox + "/preview-token");
        rules.route("GET", "/v1/network-volume-classes");
        rules.route("POST", "/v1/admin/tenants");
        rules.route("GET", "/v1/admin/tenants");
        rules.route("GET", "/v1/admin/tenants/{name}");
        rules.route("PATCH", "/v1/admin/tenants/{name}");
        rules.route("DELETE", "/v1/admin/tenants/{name}");
        rules.route("POST", "/v1/admin/tenants/{name}/keys");
        rules.route("GET", "/v1/admin/tenants/{name}/keys");
        rules.route("DELETE", "/v1/admin/keys/{id}");
        rules.route("GET", "/v1/admin/audit", range("limit", 1, 1000));
        return rules;
    }

    /** Declares a route and the only query parameters it accepts. */
    QueryRules route(String method, String path, Param... params) {
        Map<String, Param> byName = new LinkedHashMap<>();
        for (Param p : params) {
            byName.put(p.name(), p);
        }
        routes.put(key(method, path), byName);
        return this;
    }

    /** The parameters of a route, when the route is in the table. */
    Optional<Map<String, Param>> of(String method, String path) {
        return Optional.ofNullable(routes.get(key(method, path)));
    }

    /** Every route in the table, as {@code METHOD path}. */
    Set<String> routes() {
        return new TreeSet<>(routes.keySet());
    }

    /** Checks the query of a request to a route in the table; throws {@link ApiException} (400) on the first problem. */
    void check(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched == null) {
            return;
        }
        Map<String, Param> params = routes.get(key(matched.method.name(), matched.path));
        if (params == null) {
            return;
        }
        for (Map.Entry<String, List<String>> entry : ctx.queryParamMap().entrySet()) {
            String name = entry.getKey();
            Param param = params.get(name);
            if (param == null) {
                throw ApiException.invalid(
                        name,
                        "unknown query parameter '" + name + "'"
                                + (params.isEmpty()
                                        ? "; this endpoint takes none"
                                        : "; known here: " + String.join(", ", new TreeSet<>(params.keySet()))));
            }
            if (entry.getValue().size() > 1 && !param.repeatable()) {
                throw ApiException.invalid(name, "query parameter '" + name + "' is given more than once");
            }
            for (String value : entry.getValue().isEmpty() ? List.of("") : entry.getValue()) {
                if (!param.valid().test(value)) {
                    throw ApiException.invalid(
                            name, "'" + name + "' must be " + param.expectation() + ", not '" + value + "'");
                }
            }
        }
    }

    private static String key(String method, String path) {
        return method + " " + path;
    }

    static Param bool(String name) {
        return new Param(name, "true or false", v -> v.equals("true") || v.equals("false"));
    }

    static Param any(String name) {
        return new Param(name, "any text", v -> true);
    }

    static Param sha256() {
        return new Param(
                "sha256",
                "64 hexadecimal digits",
                v -> v.isEmpty() || SHA256.matcher(v).matches());
    }

    static Param range(String name, long min, long max) {
        return new Param(name, "a whole number from " + min + " to " + max, v -> {
            if (!WHOLE.matcher(v.trim()).matches()) {
                return false;
            }
            long n = Long.parseLong(v.trim());
            return n >= min && n <= max;
        });
    }
}
