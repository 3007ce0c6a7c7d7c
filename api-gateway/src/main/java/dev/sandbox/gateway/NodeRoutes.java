package dev.sandbox.gateway;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-sandbox calls that the node agent answers as they are (files, export, logs, stats): the gateway has checked the
 * key and the tenant, and passes the request through with bodies streaming both ways.
 */
final class NodeRoutes {
    private final NodeProxy nodes;

    NodeRoutes(NodeProxy nodes) {
        this.nodes = nodes;
    }

    /** Passes the request on to the same path below the sandbox on its node. */
    void forward(Context ctx, SandboxTarget target) throws IOException {
        String prefix = "/v1/sandboxes/" + ctx.pathParam("id");
        String path = ctx.req().getRequestURI();
        String subPath = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        NodeProxy.ProxyRequest request = new NodeProxy.ProxyRequest(
                ctx.method().name(),
                subPath,
                ctx.req().getQueryString(),
                headers(ctx),
                hasBody ? ctx.req().getInputStream() : null,
                hasBody ? ctx.req().getContentLengthLong() : 0);
        try (NodeProxy.ProxyResponse response = nodes.forward(target, request)) {
            copy(response, ctx.res());
        }
    }

    /**
     * As {@link #forward} for the file API of one volume ({@code /volumes/<volume>/...}), with the volume named as the
     * node agent knows it.
     */
    void forwardVolume(Context ctx, SandboxTarget target, String volumeOnNode) throws IOException {
        String prefix = "/v1/sandboxes/" + ctx.pathParam("id") + "/volumes/";
        String path = ctx.req().getRequestURI();
        if (!path.startsWith(prefix)) {
            throw ApiException.notFound("no volume route at " + Errors.quoted(path));
        }
        int slash = path.indexOf('/', prefix.length());
        String rest = slash < 0 ? "" : path.substring(slash);
        String subPath = "/volumes/" + volumeOnNode + rest;
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        NodeProxy.ProxyRequest request = new NodeProxy.ProxyRequest(
                ctx.method().name(),
                subPath,
                ctx.req().getQueryString(),
                headers(ctx),
                hasBody ? ctx.req().getInputStream() : null,
                hasBody ? ctx.req().getContentLengthLong() : 0);
        try (NodeProxy.ProxyResponse response = nodes.forward(target, request)) {
            copy(response, ctx.res());
        }
    }

    /**
     * As {@link #forward} for a request that starts a command (background processes): the sandbox's claim-time
     * environment ({@code spec.execEnv}) is added under the request's own {@code environment}.
     */
    void forwardCommand(Context ctx, SandboxTarget target) throws IOException {
        if (target.execEnv() == null || target.execEnv().isEmpty()) {
            forward(ctx, target);
            return;
        }
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.invalid(null, "the body is not valid JSON: " + e.getMessage());
        }
        if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            com.fasterxml.jackson.databind.node.ObjectNode env = Json.MAPPER.createObjectNode();
            target.execEnv().forEach(env::put);
            com.fasterxml.jackson.databind.JsonNode own = object.get("environment");
            if (own instanceof com.fasterxml.jackson.databind.node.ObjectNode ownObject) {
                env.setAll(ownObject);
                object.set("environment", env);
            } else if (own == null || own.isNull()) {
                object.set("environment", env);
            }
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        String prefix = "/v1/sandboxes/" + ctx.pathParam("id");
        String path = ctx.req().getRequestURI();
        Map<String, List<String>> headers = headers(ctx);
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-length"));
        NodeProxy.ProxyRequest request = new NodeProxy.ProxyRequest(
                ctx.method().name(),
                path.startsWith(prefix) ? path.substring(prefix.length()) : path,
                ctx.req().getQueryString(),
                headers,
                new java.io.ByteArrayInputStream(bytes),
                bytes.length);
        try (NodeProxy.ProxyResponse response = nodes.forward(target, request)) {
            copy(response, ctx.res());
        }
    }

    static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!AgentClient.HOP_BY_HOP.contains(lower)) {
                headers.put(name, new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
            }
        }
        return headers;
    }

    /** Copies status, end-to-end headers and body, flushing as data arrives (event streams must not wait in a buffer). */
    static void copy(NodeProxy.ProxyResponse response, HttpServletResponse out) throws IOException {
        out.setStatus(response.status());
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                values.stream().findFirst().ifPresent(v -> out.setContentLengthLong(Long.parseLong(v)));
            } else if (!AgentClient.HOP_BY_HOP.contains(lower) && !lower.startsWith(":") && !values.isEmpty()) {
                // set, not add: the server may have put a default (Content-Type) there already.
                out.setHeader(name, values.get(0));
                values.subList(1, values.size()).forEach(v -> out.addHeader(name, v));
            }
        });
        InputStream in = response.body();
        OutputStream sink = out.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            sink.write(buffer, 0, n);
            if (in.available() == 0) {
                sink.flush();
            }
        }
        sink.flush();
    }
}
