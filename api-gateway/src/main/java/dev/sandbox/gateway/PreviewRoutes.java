package dev.sandbox.gateway;

import dev.sandbox.agent.AgentPaths;
import dev.sandbox.agent.ClientSocket;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.ShownPhase;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Preview URLs: HTTP and WebSocket traffic to a sandbox's HTTP ports, in two forms. The host form
 * {@code {port}-{sandboxId}.{preview domain}} (or {@code {subdomain}.{preview domain}} for a port with a subdomain)
 * serves an app at the root of its own host; the path form {@code /v1/sandboxes/{id}/ports/{port}/...} needs no DNS.
 * Access needs the owner's API key, a preview token ({@code ?sandbox_token=}, then a cookie) or a public sandbox
 * ({@link PreviewAccess}).
 */
final class PreviewRoutes {
    static final String SOCKET = "preview-socket";
    private static final Pattern PATH_FORM = Pattern.compile("^/v1/sandboxes/([^/]+)/ports/([0-9]{1,5})(/.*)?$");

    private final SandboxService sandboxes;
    private final PreviewAccess access;
    private final PreviewHosts hosts;
    private final NodeProxy nodes;
    private final ActivityRecorder activity;
    private final WebSocketRelay relay = new WebSocketRelay();

    PreviewRoutes(
            SandboxService sandboxes,
            PreviewAccess access,
            PreviewHosts hosts,
            NodeProxy nodes,
            ActivityRecorder activity) {
        this.sandboxes = sandboxes;
        this.access = access;
        this.hosts = hosts;
        this.nodes = nodes;
        this.activity = activity;
    }

    /**
     * What a preview request goes to, after access was checked.
     *
     * @param headers the client's headers as they go on to the app
     * @param tokenToSet a preview token to keep in a cookie (it came as a query parameter), or null
     */
    record Route(
            SandboxTarget target,
            int port,
            String rest,
            String query,
            String cookiePath,
            String tokenToSet,
            Map<String, List<String>> headers) {}

    static boolean isPathForm(String path) {
        return PATH_FORM.matcher(path).matches();
    }

    /** Serves a host-form request; false when the request is not for a preview host. */
    boolean serveHost(Context ctx) throws IOException {
        PreviewAddress address = hosts.parse(ctx.header("Host"));
        if (address == null) {
            return false;
        }
        proxy(ctx, route(ctx, address, ctx.req().getRequestURI(), true));
        return true;
    }

    /** Serves a path-form request. */
    void servePath(Context ctx) throws IOException {
        Matcher m = PATH_FORM.matcher(ctx.req().getRequestURI());
        if (!m.matches()) {
            throw ApiException.notFound("no such preview path");
        }
        proxy(ctx, pathRoute(ctx, m));
    }

    private Route pathRoute(Context ctx, Matcher pathForm) {
        PreviewAddress address = PreviewAddress.ofPort(pathForm.group(1), Integer.parseInt(pathForm.group(2)));
        return route(ctx, address, pathForm.group(3) == null ? "/" : pathForm.group(3), false);
    }

    /**
     * Finds the sandbox and port, checks access and state.
     *
     * @param rest the path below the port
     * @param hostForm whether the request came to a preview host (cookies then cover the whole host)
     */
    private Route route(Context ctx, PreviewAddress address, String rest, boolean hostForm) {
        String rawQuery = ctx.req().getQueryString();
        String authorization = ctx.header("Authorization");
        String queryToken = queryParam(rawQuery, PreviewAccess.TOKEN_PARAM);
        String[] tokens = {queryToken, ctx.header(PreviewAccess.TOKEN_HEADER), ctx.cookie(PreviewAccess.TOKEN_COOKIE)};
        Sandbox sandbox;
        int port;
        if (address.bySubdomain()) {
            sandbox = sandboxes.findByPortSubdomain(address.subdomain());
            if (sandbox == null) {
                throw access.unknown(
                        "no sandbox has a port with preview subdomain '" + address.subdomain() + "'",
                        authorization,
                        tokens);
            }
            port = sandbox.getSpec().getPorts().stream()
                    .filter(p -> address.subdomain().equals(p.getSubdomain()))
                    .findFirst()
                    .orElseThrow()
                    .getInternal();
        } else {
            sandbox = sandboxes.findForUse(
                    address.sandboxId(), s -> ShownPhase.of(s) == SandboxPhase.Running && SandboxTargets.onNode(s));
            if (sandbox == null) {
                throw access.unknown("no sandbox '" + Errors.quoted(address.sandboxId()) + "'", authorization, tokens);
            }
            port = address.port();
        }
        String id = sandbox.getMetadata().getName();
        boolean usedApiKey = access.authorize(sandbox, authorization, tokens);
        SandboxPort declared = sandbox.getSpec().getPorts().stream()
                .filter(p -> p.getInternal() == port)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("sandbox '" + id + "' has no port " + port));
        String protocol = declared.getProtocol() == null ? "http" : declared.getProtocol();
        if (!protocol.equals("http")) {
            throw ApiException.notFound(
                    "port " + port + " of sandbox '" + id + "' is a " + protocol + " port; previews serve http ports");
        }
        SandboxPhase phase = ShownPhase.of(sandbox);
        if (phase != SandboxPhase.Running) {
            throw ApiException.unavailable(
                    "sandbox '" + id + "' is " + phase + ", not Running; start it to use its preview");
        }
        activity.record(sandbox, ActivityKind.PREVIEW);
        String node = SandboxTargets.nodeOf(sandbox);
        if (node == null) {
            throw ApiException.unavailable("sandbox '" + id + "' is not on a node yet");
        }
        return new Route(
                new SandboxTarget(id, sandbox.getMetadata().getUid(), node),
                port,
                rest,
                withoutParam(rawQuery, PreviewAccess.TOKEN_PARAM),
                hostForm ? "/" : "/v1/sandboxes/" + id + "/ports/" + port + "/",
                queryToken != null && !usedApiKey ? queryToken : null,
                appHeaders(ctx, usedApiKey));
    }

    /**
     * The client's headers as the app gets them: without our credentials (the API key and the preview token, header
     * or cookie, never reach the app). The client's own {@code Authorization} for the app travels as
     * {@code X-Forwarded-Authorization}, which the node agent turns back into {@code Authorization}.
     */
    private static Map<String, List<String>> appHeaders(Context ctx, boolean usedApiKey) {
        Map<String, List<String>> headers = Passthrough.requestHeaders(ctx.req());
        headers.keySet()
                .removeIf(name -> name.equalsIgnoreCase(PreviewAccess.TOKEN_HEADER) || name.equalsIgnoreCase("cookie"));
        String cookies = ctx.header("Cookie");
        if (cookies != null && !withoutCookie(cookies).isEmpty()) {
            headers.put("Cookie", List.of(withoutCookie(cookies)));
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && !usedApiKey) {
            headers.put("X-Forwarded-Authorization", List.of(authorization));
        }
        return headers;
    }

    private void proxy(Context ctx, Route route) throws IOException {
        Map<String, List<String>> headers = route.headers();
        headers.put("X-Forwarded-Host", List.of(String.valueOf(ctx.header("Host"))));
        headers.put("X-Forwarded-Proto", List.of(ctx.scheme()));
        headers.put("X-Forwarded-For", List.of(ctx.ip()));
        if (route.tokenToSet() != null) {
            ctx.res()
                    .addHeader(
                            "Set-Cookie",
                            PreviewAccess.TOKEN_COOKIE + "=" + route.tokenToSet() + "; Path=" + route.cookiePath()
                                    + "; HttpOnly; SameSite=Lax");
        }
        NodeProxy.ProxyRequest request =
                Passthrough.request(ctx, AgentPaths.port(route.port(), route.rest()), route.query(), headers);
        try (NodeProxy.ProxyResponse response = nodes.forward(route.target(), request)) {
            Passthrough.copy(response, ctx.res());
            ctx.res().flushBuffer();
        }
    }

    // ---- WebSocket ----

    /** Before a WebSocket upgrade: checks access for preview sockets (both forms); false when it is not one. */
    boolean beforeUpgrade(Context ctx) {
        PreviewAddress address = hosts.parse(ctx.header("Host"));
        Route route;
        if (address != null) {
            route = route(ctx, address, ctx.req().getRequestURI(), true);
        } else {
            Matcher m = PATH_FORM.matcher(ctx.req().getRequestURI());
            if (!m.matches()) {
                return false;
            }
            route = pathRoute(ctx, m);
        }
        ctx.attribute(SOCKET, route);
        return true;
    }

    void configureSocket(WsConfig ws) {
        relay.configure(ws, ctx -> {
            Route route = ctx.attribute(SOCKET);
            if (route == null) {
                ctx.closeSession(1008, "not a preview WebSocket");
                return null;
            }
            ctx.session.setIdleTimeout(Duration.ofHours(1));
            // The WebSocket to the node sets its own Origin (the gateway's); the client's own credentials for the app
            // are not passed on sockets.
            Map<String, List<String>> headers = route.headers();
            headers.keySet()
                    .removeIf(name ->
                            name.equalsIgnoreCase("origin") || name.equalsIgnoreCase("x-forwarded-authorization"));
            try {
                return nodes.openSocket(
                        route.target(),
                        AgentPaths.port(route.port(), route.rest()),
                        route.query(),
                        headers,
                        List.of(),
                        new ClientSocket(ctx));
            } catch (RuntimeException e) {
                ctx.closeSession(1011, "cannot reach the sandbox's port: " + e.getMessage());
                return null;
            }
        });
    }

    // ---- query and cookie ----

    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static String withoutParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        String kept = Arrays.stream(rawQuery.split("&"))
                .filter(pair -> !(pair.equals(name) || pair.startsWith(name + "=")))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? null : kept;
    }

    /** A {@code Cookie} header without the preview token's cookie. */
    static String withoutCookie(String cookieHeader) {
        return Arrays.stream(cookieHeader.split(";"))
                .map(String::trim)
                .filter(c -> !c.isEmpty() && !c.startsWith(PreviewAccess.TOKEN_COOKIE + "="))
                .collect(Collectors.joining("; "));
    }
}
