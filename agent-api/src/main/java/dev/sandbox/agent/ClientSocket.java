package dev.sandbox.agent;

import dev.sandbox.crd.StrictJson;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's WebSocket as the receiving end of a relayed socket: on the gateway, what a node agent sends; on the node
 * agent, what an app in a sandbox sends (a preview's WebSocket). It goes to the client one message at a time, each
 * waited for, so a slow client slows its command or app down instead of filling memory.
 */
public final class ClientSocket implements SocketListener {
    private static final Logger log = LoggerFactory.getLogger(ClientSocket.class);
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final WsContext client;

    public ClientSocket(WsContext client) {
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
            // 1005 and 1006 say that no close frame came; they may not be sent in one.
            client.closeSession(
                    status == WholeMessages.BROKEN || status == 1005 ? 1011 : status, reason == null ? "" : reason);
        }
    }

    /** Tells the client what went wrong as a JSON error message, then closes its socket (policy violation). */
    public void fail(String code, String message, String field) {
        String text = StrictJson.write(new ExecSocketError(code, message, field));
        send(callback -> client.session.sendText(text, callback));
        client.closeSession(ExecSocketError.CLOSE_STATUS, code);
    }

    /**
     * Sends to the client and waits until it is written. Its own lock: the client-to-node direction may be blocked on a
     * slow node meanwhile and must not stop output from reaching the client.
     */
    private synchronized void send(Consumer<Callback> frame) {
        Callback.Completable written = new Callback.Completable();
        frame.accept(written);
        try {
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("cannot write to a WebSocket client: {}", e.toString());
            // Closing the client's socket also closes the other end's (the relay's close handler).
            if (client.session.isOpen()) {
                client.closeSession(1011, "cannot write to the client");
            }
        }
    }
}
