package dev.sandbox.gateway;

import dev.sandbox.agent.AgentPaths;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.db.ApiKeys;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * Preview URLs: HTTP and WebSocket traffic to a sandbox's HTTP ports, in two forms. The host form
 * {@code {port}-{sandboxId}.{preview domain}} (or {@code {subdomain}.{preview domain}} for a port with a subdomain)
 * serves an app at the root of its own host; the path form {@code /v1/sandboxes/{id}/ports/{port}/...} needs no DNS.
 * Access needs the owner's API key, a preview token ({@code ?sandbox_token=}, then a cookie) or a public sandbox.
 */
final class PreviewRoutes {
    static final String TOKEN_PARAM = "sandbox_token";
    static final String TOKEN_COOKIE = "sandbox_preview_token";
    static final String TOKEN_HEADER = "X-Sandbox-Preview-Token";
    static final String SOCKET = "preview-socket";
    private static final Pattern PATH_FORM = Pattern.compile("^/v1/sandboxes/([^/]+)/ports/([0-9]{1,5})(/.*)?$");
    private static final Pattern HOST_LABEL = Pattern.compile("^([0-9]{1,5})-([a-z0-9][-a-z0-9]{0,61}[a-z0-9])$");
    private static final Duration MAX_TOKEN_LIFE = Duration.ofDays(7);

    private final SandboxService sandboxes;
    private final Authenticator auth;
    private final NodeProxy nodes;
    private final ActivityRecorder activity;
    private final PreviewTokens tokens;
    private final URI previewBase;
    private final Map<String, AgentSocket> sockets = new ConcurrentHashMap<>();

    PreviewRoutes(
            GatewayConfig config,
            SandboxService sandboxes,
            Authenticator auth,
            NodeProxy nodes,
            ActivityRecorder activity,
            PreviewTokens tokens) {
        this.sandboxes = sandboxes;
        this.auth = auth;
        this.nodes = nodes;
        this.activity = activity;
        this.tokens = tokens;
        this.previewBase =
                config.previewUrl() == null || config.previewUrl().isBlank() ? null : URI.create(config.previewUrl());
    }

    /** What a preview request goes to, after access was checked. */
    record Route(
            SandboxTarget target,
            int port,
            String rest,
            String query,
            String cookiePath,
            String tokenToSet,
            boolean usedApiKey) {}

    static boolean isPathForm(String path) {
        return PATH_FORM.matcher(path).matches();
    }

    /** The sandbox id and port of a preview host name, or null when {@code host} is not one. */
    String[] hostForm(String hostHeader) {
        if (previewBase == null || hostHeader == null) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
        String suffix = "." + previewBase.getHost().toLowerCase(Locale.ROOT);
        if (!host.endsWith(suffix)) {
            return null;
        }
        String label = host.substring(0, host.length() - suffix.length());
        if (label.isEmpty() || label.contains(".")) {
            return null;
        }
        Matcher m = HOST_LABEL.matcher(label);
        return m.matches() ? new String[] {m.group(2), m.group(1)} : new String[] {null, null, label};
    }

    /** Serves a host-form request; false when the request is not for a preview host. */
    boolean serveHost(Context ctx) throws IOException {
        String[] form = hostForm(ctx.header("Host"));
        if (form == null) {
            return false;
        }
        Route route =
                route(ctx.req().getRequestURI(), ctx.req().getQueryString(), form, true, ctx::header, ctx::cookie);
        proxy(ctx, route);
        return true;
    }

    /** Serves a path-form request. */
    void servePath(Context ctx) throws IOException {
        Matcher m = PATH_FORM.matcher(ctx.req().getRequestURI());
        if (!m.matches()) {
            throw ApiException.notFound("no such preview path");
        }
        String[] form = {m.group(1), m.group(2)};
        Route route = route(
                m.group(3) == null ? "/" : m.group(3),
                ctx.req().getQueryString(),
                form,
                false,
                ctx::header,
                ctx::cookie);
        proxy(ctx, route);
    }

    /**
     * Finds the sandbox and port, checks access and state.
     *
     * @param form {id, port}, or {null, null, subdomain}
     * @param hostForm whether the request came to a preview host (cookies then cover the whole host)
     */
    private Route route(
            String rest, String rawQuery, String[] form, boolean hostForm, HeaderSource headers, HeaderSource cookies) {
        Sandbox sandbox;
        int port;
        if (form.length == 3) {
            sandbox = sandboxes.findByPortSubdomain(form[2]);
            if (sandbox == null) {
                throw unknown(
                        headers, rawQuery, cookies, "no sandbox has a port with preview subdomain '" + form[2] + "'");
            }
            port = sandbox.getSpec().getPorts().stream()
                    .filter(p -> form[2].equals(p.getSubdomain()))
                    .findFirst()
                    .orElseThrow()
                    .getInternal();
        } else {
            sandbox = sandboxes.findForUse(
                    form[0],
                    s -> SandboxPhase.Running.name().equals(SandboxView.from(s).phase())
                            && SandboxView.from(s).node() != null);
            port = Integer.parseInt(form[1]);
            if (sandbox == null) {
                throw unknown(headers, rawQuery, cookies, "no sandbox '" + Errors.quoted(form[0]) + "'");
            }
        }
        String id = sandbox.getMetadata().getName();
        String queryToken = queryParam(rawQuery, TOKEN_PARAM);
        boolean usedApiKey = authorize(
                sandbox,
                headers.get("Authorization"),
                queryToken,
                headers.get(TOKEN_HEADER),
                cookies.get(TOKEN_COOKIE));
        int wanted = port;
        SandboxPort declared = sandbox.getSpec().getPorts().stream()
                .filter(p -> p.getInternal() == wanted)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("sandbox '" + id + "' has no port " + wanted));
        String protocol = declared.getProtocol() == null ? "http" : declared.getProtocol();
        if (!protocol.equals("http")) {
            throw ApiException.notFound("port " + wanted + " of sandbox '" + id + "' is a " + protocol
                    + " port; previews serve http ports");
        }
        SandboxView view = SandboxView.from(sandbox);
        if (!SandboxPhase.Running.name().equals(view.phase())) {
            throw ApiException.unavailable(
                    "sandbox '" + id + "' is " + view.phase() + ", not Running; start it to use its preview");
        }
        activity.record(sandbox, "preview");
        if (view.node() == null) {
            throw ApiException.unavailable("sandbox '" + id + "' is not on a node yet");
        }
        String cookiePath = hostForm ? "/" : "/v1/sandboxes/" + id + "/ports/" + port + "/";
        return new Route(
                new SandboxTarget(id, sandbox.getMetadata().getUid(), view.node()),
                port,
                rest,
                withoutParam(rawQuery, TOKEN_PARAM),
                cookiePath,
                queryToken != null && !usedApiKey ? queryToken : null,
                usedApiKey);
    }

    /**
     * Checks access: the owner's API key, a preview token for this sandbox, or a public sandbox.
     *
     * @return whether access came from an API key (which must then not travel on to the app)
     */
    private boolean authorize(Sandbox sandbox, String authorization, String... presentedTokens) {
        String id = sandbox.getMetadata().getName();
        if (authorization != null
                && authorization.startsWith("Bearer ")
                && ApiKeys.KEY_FORMAT.matcher(authorization.substring(7).trim()).matches()) {
            String tenant = auth.tenant(authorization);
            String owner = sandbox.getMetadata().getLabels() == null
                    ? null
                    : sandbox.getMetadata().getLabels().get(Sandbox.TENANT_LABEL);
            if (!tenant.equals(owner)) {
                throw ApiException.notFound("no sandbox '" + id + "'");
            }
            return true;
        }
        for (String token : presentedTokens) {
            if (token != null && tokens.verify(token).filter(id::equals).isPresent()) {
                return false;
            }
        }
        if (SandboxService.isPublic(sandbox)) {
            return false;
        }
        throw noAccess(presentedTokens);
    }

    /** The 401 of a request without a usable key or token; its words depend only on what the request carried. */
    private static ApiException noAccess(String... presentedTokens) {
        boolean expired = false;
        for (String token : presentedTokens) {
            expired |= token != null;
        }
        return ApiException.unauthorized(
                expired
                        ? "the preview token is invalid or has expired; ask for a new one"
                        : "this preview needs the sandbox owner's API key or a preview token (?" + TOKEN_PARAM
                                + "=...)");
    }

    /**
     * The answer for a sandbox or subdomain that does not exist: 404 only for a caller with a valid API key (who could
     * list their sandboxes anyway); anyone else gets the very 401 a real sandbox would give, so that ids and subdomains
     * cannot be probed without a key.
     */
    private ApiException unknown(HeaderSource headers, String rawQuery, HeaderSource cookies, String notFound) {
        String authorization = headers.get("Authorization");
        if (authorization != null
                && authorization.startsWith("Bearer ")
                && ApiKeys.KEY_FORMAT.matcher(authorization.substring(7).trim()).matches()) {
            auth.tenant(authorization);
            return ApiException.notFound(notFound);
        }
        return noAccess(queryParam(rawQuery, TOKEN_PARAM), headers.get(TOKEN_HEADER), cookies.get(TOKEN_COOKIE));
    }

    private void proxy(Context ctx, Route route) throws IOException {
        Map<String, List<String>> headers =
                forwardHeaders(ctx.req().getHeaderNames(), ctx::header, ctx.req()::getHeaders, route.usedApiKey());
        headers.put("X-Forwarded-Host", List.of(String.valueOf(ctx.header("Host"))));
        headers.put("X-Forwarded-Proto", List.of(ctx.scheme()));
        headers.put("X-Forwarded-For", List.of(ctx.ip()));
        if (route.tokenToSet() != null) {
            ctx.res()
                    .addHeader(
                            "Set-Cookie",
                            TOKEN_COOKIE + "=" + route.tokenToSet() + "; Path=" + route.cookiePath()
                                    + "; HttpOnly; SameSite=Lax");
        }
        long length = ctx.req().getContentLengthLong();
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        NodeProxy.ProxyRequest request = new NodeProxy.ProxyRequest(
                ctx.method().name(),
                AgentPaths.port(route.port(), route.rest()),
                route.query(),
                headers,
                hasBody ? ctx.req().getInputStream() : null,
                hasBody ? length : 0);
        try (NodeProxy.ProxyResponse response = nodes.forward(route.target(), request)) {
            NodeRoutes.copy(response, ctx.res());
            ctx.res().flushBuffer();
        }
    }

    /** The client's headers minus our credentials: the API key and the preview cookie never reach the app. */
    private static Map<String, List<String>> forwardHeaders(
            Enumeration<String> names,
            HeaderSource single,
            Function<String, Enumeration<String>> all,
            boolean usedApiKey) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(names)) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                if (!usedApiKey) {
                    headers.put("X-Forwarded-Authorization", List.of(single.get(name)));
                }
            } else if (lower.equals("cookie")) {
                String kept = withoutCookie(single.get(name));
                if (!kept.isEmpty()) {
                    headers.put(name, List.of(kept));
                }
            } else if (!lower.equals(TOKEN_HEADER.toLowerCase(Locale.ROOT))
                    && !AgentClient.HOP_BY_HOP.contains(lower)) {
                headers.put(name, new ArrayList<>(Collections.list(all.apply(name))));
            }
        }
        return headers;
    }

    /** {@code POST /v1/sandboxes/{id}/preview-token}: a token and the preview URLs of every HTTP port. */
    void issueToken(Context ctx, Sandbox sandbox) {
        Duration life = Duration.ofHours(1);
        if (ctx.body() != null && !ctx.body().isBlank()) {
            PreviewTokenRequest request = Json.read(ctx.body(), PreviewTokenRequest.class);
            if (request.expiresInSeconds() != null) {
                if (request.expiresInSeconds() < 60 || request.expiresInSeconds() > MAX_TOKEN_LIFE.toSeconds()) {
                    throw ApiException.invalid(
                            "expiresInSeconds",
                            "'expiresInSeconds' must be between 60 and " + MAX_TOKEN_LIFE.toSeconds());
                }
                life = Duration.ofSeconds(request.expiresInSeconds());
            }
        }
        String id = sandbox.getMetadata().getName();
        Instant expiresAt = Instant.now().plus(life).truncatedTo(ChronoUnit.SECONDS);
        String token = tokens.issue(id, expiresAt);
        List<Map<String, Object>> urls = new ArrayList<>();
        for (SandboxPort port : sandbox.getSpec().getPorts()) {
            if (port.getProtocol() != null && !port.getProtocol().equals("http")) {
                continue;
            }
            Map<String, Object> url = new LinkedHashMap<>();
            url.put("port", port.getInternal());
            url.put("url", hostUrl(id, port) == null ? null : hostUrl(id, port) + "?" + TOKEN_PARAM + "=" + token);
            url.put(
                    "pathUrl",
                    "/v1/sandboxes/" + id + "/ports/" + port.getInternal() + "/?" + TOKEN_PARAM + "=" + token);
            urls.add(url);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("expiresAt", expiresAt.toString());
        body.put("urls", urls);
        ctx.status(201).contentType("application/json").result(Json.write(body));
    }

    /** The host-form URL of a port, or null when no preview domain is configured. */
    String hostUrl(String id, SandboxPort port) {
        if (previewBase == null) {
            return null;
        }
        String label = port.getSubdomain() != null ? port.getSubdomain() : port.getInternal() + "-" + id;
        return previewBase.getScheme() + "://" + label + "." + previewBase.getHost()
                + (previewBase.getPort() > 0 ? ":" + previewBase.getPort() : "") + "/";
    }

    // ---- WebSocket ----

    /** Before a WebSocket upgrade: checks access for preview sockets (both forms); false when it is not one. */
    boolean beforeUpgrade(Context ctx) {
        String[] form = hostForm(ctx.header("Host"));
        Route route;
        if (form != null) {
            route = route(ctx.req().getRequestURI(), ctx.req().getQueryString(), form, true, ctx::header, ctx::cookie);
        } else {
            Matcher m = PATH_FORM.matcher(ctx.req().getRequestURI());
            if (!m.matches()) {
                return false;
            }
            route = route(
                    m.group(3) == null ? "/" : m.group(3),
                    ctx.req().getQueryString(),
                    new String[] {m.group(1), m.group(2)},
                    false,
                    ctx::header,
                    ctx::cookie);
        }
        ctx.attribute(SOCKET, route);
        return true;
    }

    void configureSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            Route route = ctx.attribute(SOCKET);
            if (route == null) {
                ctx.closeSession(1008, "not a preview WebSocket");
                return;
            }
            ctx.session.setIdleTimeout(Duration.ofHours(1));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ctx.headerMap().forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("cookie")) {
                    String kept = withoutCookie(value);
                    if (!kept.isEmpty()) {
                        headers.put(name, List.of(kept));
                    }
                } else if (!lower.equals("authorization")
                        && !lower.equals("origin")
                        && !AgentClient.HOP_BY_HOP.contains(lower)
                        && !lower.equals(TOKEN_HEADER.toLowerCase(Locale.ROOT))) {
                    headers.put(name, List.of(value));
                }
            });
            try {
                AgentSocket upstream = nodes.openSocket(
                        route.target(),
                        AgentPaths.port(route.port(), route.rest()),
                        route.query(),
                        headers,
                        List.of(),
                        new Downstream(ctx));
                sockets.put(ctx.sessionId(), upstream);
            } catch (RuntimeException e) {
                ctx.closeSession(1011, "cannot reach the sandbox's port: " + e.getMessage());
            }
        });
        ws.onMessage(ctx -> relay(ctx.sessionId(), s -> s.sendText(ctx.message())));
        ws.onBinaryMessage(ctx -> {
            ByteBuffer copy =
                    ByteBuffer.allocate(ctx.data().remaining()).put(ctx.data()).flip();
            relay(ctx.sessionId(), s -> s.sendBinary(copy));
        });
        ws.onClose(ctx -> closeUpstream(ctx.sessionId()));
        ws.onError(ctx -> closeUpstream(ctx.sessionId()));
    }

    private void relay(String sessionId, Consumer<AgentSocket> send) {
        AgentSocket upstream = sockets.get(sessionId);
        if (upstream != null) {
            try {
                send.accept(upstream);
            } catch (RuntimeException e) {
                closeUpstream(sessionId);
            }
        }
    }

    private void closeUpstream(String sessionId) {
        AgentSocket upstream = sockets.remove(sessionId);
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Relays the sandbox's messages to the client, waiting for each to be written. */
    private static final class Downstream implements SocketListener {
        private final WsContext client;

        Downstream(WsContext client) {
            this.client = client;
        }

        @Override
        public void onText(String message) {
            send(callback -> client.session.sendText(message, callback));
        }

        @Override
        public void onBinary(ByteBuffer data) {
            send(callback -> client.session.sendBinary(data, callback));
        }

        @Override
        public void onClose(int status, String reason) {
            if (client.session.isOpen()) {
                client.closeSession(status == 1006 || status == 1005 ? 1011 : status, reason == null ? "" : reason);
            }
        }

        private synchronized void send(Consumer<Callback> frame) {
            Callback.Completable written = new Callback.Completable();
            frame.accept(written);
            try {
                written.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (client.session.isOpen()) {
                    client.closeSession(1011, "cannot write to the client");
                }
            }
        }
    }

    // ---- small helpers ----

    @FunctionalInterface
    interface HeaderSource {
        String get(String name);
    }

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

    static String withoutCookie(String cookieHeader) {
        return Arrays.stream(cookieHeader.split(";"))
                .map(String::trim)
                .filter(c -> !c.isEmpty() && !c.startsWith(TOKEN_COOKIE + "="))
                .collect(Collectors.joining("; "));
    }
}
