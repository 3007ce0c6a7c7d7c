package dev.sandbox.agent;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * A JDK WebSocket listener that hands a {@link SocketListener} whole messages: the JDK delivers a message in parts, and
 * a relay must pass a message on only once it is complete, as the next hop's socket sends one message per call. One
 * more message is asked for after each part, so the sender is slowed down as much as the listener is.
 */
public final class WholeMessages implements WebSocket.Listener {
    /** The status {@link SocketListener#onClose} gets when the connection broke without a close handshake. */
    public static final int BROKEN = 1006;

    private final SocketListener listener;
    private final String peer;
    private final StringBuilder text = new StringBuilder();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /**
     * @param peer the other end in a person's words ("the node"), for the reason given when the connection breaks
     */
    public WholeMessages(SocketListener listener, String peer) {
        this.listener = listener;
        this.peer = peer;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            listener.onText(message);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            ByteBuffer message = ByteBuffer.wrap(binary.toByteArray());
            binary = new ByteArrayOutputStream();
            listener.onBinary(message);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        listener.onClose(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        listener.onClose(BROKEN, "connection to " + peer + " broke: " + error.getMessage());
    }
}
