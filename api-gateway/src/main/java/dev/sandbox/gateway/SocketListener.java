package dev.sandbox.gateway;

import java.nio.ByteBuffer;

/** Receives what a node agent sends over a WebSocket. */
public interface SocketListener {

    void onText(String message);

    void onBinary(ByteBuffer data);

    /** The node closed the socket, or it broke ({@code status} 1006). */
    void onClose(int status, String reason);
}
