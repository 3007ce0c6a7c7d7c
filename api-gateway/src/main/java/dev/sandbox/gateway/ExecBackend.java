package dev.sandbox.gateway;

import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.AgentExecResult;
import dev.sandbox.agent.SocketListener;
import java.io.IOException;

/**
 * Runs commands in sandboxes on their node: the node agent of the sandbox's node, reached over HTTP (also in dev mode,
 * where the agent runs in the same process). Requests the node refuses fail with an {@link ApiException} carrying the
 * node's status, code and field; an unreachable node with {@link BackendUnavailableException}. Requests and results
 * are the node agent's own wire records ({@code dev.sandbox.agent}), checked by the caller before they are sent.
 */
public interface ExecBackend {

    /** Runs the command and returns its output once it exits or is killed for its timeout. */
    AgentExecResult exec(SandboxTarget target, AgentExecRequest request);

    /**
     * Runs the command and passes its events ({@code stdout}, {@code stderr}, {@code exit}, or {@code error}) to
     * {@code sink} as they come, returning when the command has ended. When the sink throws (its client went away) the
     * command is killed.
     */
    void stream(SandboxTarget target, AgentExecRequest request, EventSink sink);

    /**
     * Starts an interactive command and relays the WebSocket exec protocol: {@code listener} receives the node's
     * messages; the returned socket takes the client's stdin and control messages. Closing it kills the command.
     */
    AgentSocket openExecSession(SandboxTarget target, AgentExecRequest request, SocketListener listener);

    /** Receives the events of a streamed command. */
    interface EventSink {
        /** One event; {@code data} is a line of JSON. */
        void event(String name, String data) throws IOException;

        /** Nothing happened for a while; a chance to notice that the client left. */
        void keepalive() throws IOException;
    }

    /** The node or its container engine cannot be reached. */
    class BackendUnavailableException extends RuntimeException {
        public BackendUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
