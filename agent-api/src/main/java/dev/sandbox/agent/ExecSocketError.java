package dev.sandbox.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The error message of the exec WebSocket, {@code {"type": "error", "code", "message", "field"}}: what the node agent
 * sends when a command cannot start or a control message is refused, and what the gateway sends its own client when
 * it cannot reach the node. A client reads the same message from either hop. When the error ends the session, the
 * socket is then closed with {@link #CLOSE_STATUS} and the code as the reason.
 *
 * @param code machine-readable reason, as in the REST API's error bodies ({@code invalid_request}, {@code not_found},
 *     {@code conflict}, {@code unavailable} ...)
 * @param message what went wrong, for a person
 * @param field the request field at fault, or null (then left out of the message)
 */
@JsonPropertyOrder({"type", "code", "message", "field"})
public record ExecSocketError(
        String code,
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) String field) {

    /** WebSocket close status that ends a session after an error: policy violation. */
    public static final int CLOSE_STATUS = 1008;

    /** The message type that tells an error from output and exit messages. */
    @JsonProperty("type")
    public String type() {
        return "error";
    }
}
