package dev.sandbox.agent;

import dev.sandbox.client.SandboxException;

/**
 * An error answered as {@code {"error": {"code", "message", "field"}}} with an HTTP status. The gateway and the node
 * agents answer their errors this way, and the gateway passes a node agent's error on to its caller unchanged: both
 * speak one vocabulary of codes ({@code invalid_request}, {@code not_found}, {@code conflict}, {@code too_large},
 * {@code unavailable}, ...) and field paths.
 *
 * <p>It is the SDK's {@link SandboxException} seen from the answering side: {@link #status()}, {@link #code()} and
 * {@link #field()} are the very values a client reads back from the answer.
 */
public class ErrorAnswerException extends SandboxException {
    private static final long serialVersionUID = 1L;

    protected ErrorAnswerException(int status, String code, String message, String field) {
        // No cause: the answer is the whole story, and the client sees nothing else either.
        super(message, status, code, field, null);
    }
}
