package dev.sandbox.operator.agent;

import dev.sandbox.agent.ErrorAnswerException;

/**
 * An error the node agent answers with {@code {"error": {"code", "message", "field"}}} and an HTTP status. The
 * gateway passes these through to its own caller unchanged, so codes and fields are the public ones.
 */
public class AgentException extends ErrorAnswerException {
    public AgentException(int status, String code, String message, String field) {
        super(status, code, message, field);
    }

    static AgentException invalid(String field, String message) {
        return new AgentException(400, "invalid_request", message, field);
    }

    static AgentException notFound(String message) {
        return new AgentException(404, "not_found", message, null);
    }

    static AgentException conflict(String message) {
        return new AgentException(409, "conflict", message, null);
    }

    static AgentException tooLarge(String field, String message) {
        return new AgentException(413, "too_large", message, field);
    }

    static AgentException unavailable(String message) {
        return new AgentException(503, "unavailable", message, null);
    }
}
