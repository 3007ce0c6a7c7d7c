package dev.sandbox.operator.agent;

/**
 * An error the node agent answers with {@code {"error": {"code", "message", "field"}}} and an HTTP status. The
 * gateway passes these through to its own caller unchanged, so codes and fields are the public ones.
 */
public class AgentException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public AgentException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
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

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
