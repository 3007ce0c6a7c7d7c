package dev.sandbox.gateway;

import dev.sandbox.agent.ClientSocket;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Relays clients' WebSockets to sockets on node agents (exec, previews): each client message goes on in order, and
 * when either side closes, so does the other. The node-to-client direction is a {@link ClientSocket}.
 */
final class WebSocketRelay {
    private final Map<String, AgentSocket> upstreams = new ConcurrentHashMap<>();

    /**
     * Registers the relay's handlers. {@code connect} runs when a client's socket opens and returns where its messages
     * go, or null when it has closed the client's socket itself.
     */
    void configure(WsConfig ws, Function<WsConnectContext, AgentSocket> connect) {
        ws.onConnect(ctx -> {
            AgentSocket upstream = connect.apply(ctx);
            if (upstream != null) {
                upstreams.put(ctx.sessionId(), upstream);
            }
        });
        ws.onMessage(ctx -> relay(ctx.sessionId(), upstream -> upstream.sendText(ctx.message())));
        ws.onBinaryMessage(ctx -> {
            // Javalin reuses its buffer once the handler returns; the node's send may outlive it.
            ByteBuffer copy =
                    ByteBuffer.allocate(ctx.data().remaining()).put(ctx.data()).flip();
            relay(ctx.sessionId(), upstream -> upstream.sendBinary(copy));
        });
        ws.onClose(ctx -> closeUpstream(ctx.sessionId()));
        ws.onError(ctx -> closeUpstream(ctx.sessionId()));
    }

    private void relay(String sessionId, Consumer<AgentSocket> send) {
        AgentSocket upstream = upstreams.get(sessionId);
        if (upstream == null) {
            return;
        }
        try {
            send.accept(upstream);
        } catch (RuntimeException e) {
            closeUpstream(sessionId);
        }
    }

    private void closeUpstream(String sessionId) {
        AgentSocket upstream = upstreams.remove(sessionId);
        if (upstream != null) {
            upstream.close();
        }
    }
}
