package dev.sandbox.gateway;

import dev.sandbox.agent.ProxiedHeaders;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
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
 * Passing a client's HTTP request on to a node agent and the node's answer back, for the calls the gateway does not
 * interpret (files, logs, processes, previews): which headers travel, and bodies streamed both ways.
 */
final class Passthrough {
    private Passthrough() {}

    /** The client's end-to-end headers, every value of each; hop-by-hop ones and its credentials stay behind. */
    static Map<String, List<String>> requestHeaders(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (ProxiedHeaders.passes(name)) {
                headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
            }
        }
        return headers;
    }

    /** The client's request as it goes to {@code subPath} below the sandbox on its node, its body streaming. */
    static NodeProxy.ProxyRequest request(Context ctx, String subPath, String query, Map<String, List<String>> headers)
            throws IOException {
        long length = ctx.req().getContentLengthLong();
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        return new NodeProxy.ProxyRequest(
                ctx.method().name(),
                subPath,
                query,
                headers,
                hasBody ? ctx.req().getInputStream() : null,
                hasBody ? length : 0);
    }

    /** Copies status, end-to-end headers and body, flushing as data arrives (event streams must not wait in a buffer). */
    static void copy(NodeProxy.ProxyResponse response, HttpServletResponse out) throws IOException {
        out.setStatus(response.status());
        response.headers().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
                values.stream().findFirst().ifPresent(v -> out.setContentLengthLong(Long.parseLong(v)));
            } else if (ProxiedHeaders.passes(name) && !values.isEmpty()) {
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
