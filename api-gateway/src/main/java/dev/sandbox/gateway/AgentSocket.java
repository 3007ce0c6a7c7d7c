package dev.sandbox.gateway;

import java.nio.ByteBuffer;

/** A WebSocket from the gateway to a node agent. Sends block until written, so a slow node slows its client down. */
public interface AgentSocket extends AutoCloseable {

    void sendText(String message);

    void sendBinary(ByteBuffer data);

    /** Closes the socket (normal closure); the node ends whatever it was doing for this client. */
    @Override
    void close();
}
