package dev.sandbox.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a taken port before dev mode changes anything: a second dev mode must fail on its ports while the first one's
 * sandboxes are still untouched, not after its clean-up has run.
 */
final class PortCheck {
    private PortCheck() {}

    /** Whether {@code port} on {@code host} can be listened on now. Port 0 (any free port) always can. */
    static boolean free(String host, int port) {
        if (port == 0) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers themselves bind: a port in TIME_WAIT is usable, one with a listener is not.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws naming the setting when {@code port} is taken. */
    static void requireFree(String host, int port, String variable) {
        if (!free(host, port)) {
            throw new IllegalStateException(
                    "port " + port + " on " + host + " is already in use (another dev mode?); set " + variable
                            + " to a free port (0 picks any free one)");
        }
    }
}
