package dev.sandbox.agent;

import java.nio.ByteBuffer;

/**
 * Receives the whole messages of a WebSocket that one proxy hop relays: the gateway listening to a node agent, and the
 * node agent listening to an app in a sandbox. {@link WholeMessages} feeds it from a JDK WebSocket.
 */
public interface SocketListener {

    void onText(String message);

    void onBinary(ByteBuffer data);

    /** The other end closed the socket, or it broke ({@code status} {@link WholeMessages#BROKEN}). */
    void onClose(int status, String reason);
}
