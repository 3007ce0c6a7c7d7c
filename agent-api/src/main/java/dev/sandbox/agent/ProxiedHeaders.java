package dev.sandbox.agent;

import java.util.Locale;
import java.util.Set;

/**
 * Which HTTP headers a proxy hop passes on. The gateway (client to node agent) and the node agent (gateway to the
 * sandbox's port) are two hops of one path and drop the same ones: the headers that belong to one connection (RFC 9110
 * section 7.6.1), those the JDK HTTP and WebSocket clients set themselves, and {@code Authorization}, which on each hop
 * carries that hop's own credentials.
 */
public final class ProxiedHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "authorization",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-extensions",
            "sec-websocket-protocol",
            "sec-websocket-accept");

    private ProxiedHeaders() {}

    /** Whether a header of this name (any case) may travel on to the next hop. */
    public static boolean passes(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        // HTTP/2 pseudo-headers (":status") are the transport's own.
        return !HOP_BY_HOP.contains(lower) && !lower.startsWith(":");
    }
}
