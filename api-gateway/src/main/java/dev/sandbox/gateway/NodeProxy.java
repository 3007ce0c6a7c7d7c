package dev.sandbox.gateway;

import dev.sandbox.agent.SocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Passes HTTP requests and WebSockets through to the node agent of a sandbox's node (files, logs, stats, ports, ...).
 * Bodies stream both ways; nothing is held in memory.
 */
public interface NodeProxy {

    /**
     * Sends {@code request} to {@code /agent/v1/sandboxes/<uid><subPath>} on the sandbox's node.
     *
     * @throws ExecBackend.BackendUnavailableException when the node cannot be reached
     */
    ProxyResponse forward(SandboxTarget target, ProxyRequest request);

    /** Opens a WebSocket to {@code /agent/v1/sandboxes/<uid><subPath>} on the sandbox's node. */
    AgentSocket openSocket(
            SandboxTarget target,
            String subPath,
            String query,
            Map<String, List<String>> headers,
            List<String> subprotocols,
            SocketListener listener);

    /**
     * A request to pass on.
     *
     * @param method HTTP method
     * @param subPath path below the sandbox on the agent, such as {@code /volumes/workspace/file}
     * @param query raw query string, or null
     * @param headers end-to-end headers to pass on (the proxy drops hop-by-hop ones and sets its own credentials)
     * @param body request body, or null
     * @param contentLength body length, or -1 when unknown
     */
    record ProxyRequest(
            String method,
            String subPath,
            String query,
            Map<String, List<String>> headers,
            InputStream body,
            long contentLength) {}

    /** The node's answer; the caller reads and closes the body. */
    record ProxyResponse(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
