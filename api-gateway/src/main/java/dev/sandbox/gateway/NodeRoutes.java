package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;

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
        pass(ctx, target, subPath(ctx));
    }

    /** The request's path below the sandbox ({@code /logs} of {@code /v1/sandboxes/{id}/logs}). */
    private static String subPath(Context ctx) {
        String prefix = "/v1/sandboxes/" + ctx.pathParam("id");
        String path = ctx.req().getRequestURI();
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
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
        pass(ctx, target, "/volumes/" + volumeOnNode + rest);
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
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.invalid(null, "the body is not valid JSON: " + e.getMessage());
        }
        if (body instanceof ObjectNode object) {
            ObjectNode env = Json.MAPPER.createObjectNode();
            target.execEnv().forEach(env::put);
            JsonNode own = object.get("environment");
            if (own instanceof ObjectNode ownObject) {
                env.setAll(ownObject);
                object.set("environment", env);
            } else if (own == null || own.isNull()) {
                object.set("environment", env);
            }
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        // The client's Content-Length is not passed on (hop-by-hop here): the body's length is that of the new one.
        NodeProxy.ProxyRequest request = new NodeProxy.ProxyRequest(
                ctx.method().name(),
                subPath(ctx),
                ctx.req().getQueryString(),
                Passthrough.requestHeaders(ctx.req()),
                new ByteArrayInputStream(bytes),
                bytes.length);
        try (NodeProxy.ProxyResponse response = nodes.forward(target, request)) {
            Passthrough.copy(response, ctx.res());
        }
    }

    private void pass(Context ctx, SandboxTarget target, String subPath) throws IOException {
        NodeProxy.ProxyRequest request =
                Passthrough.request(ctx, subPath, ctx.req().getQueryString(), Passthrough.requestHeaders(ctx.req()));
        try (NodeProxy.ProxyResponse response = nodes.forward(target, request)) {
            Passthrough.copy(response, ctx.res());
        }
    }
}
