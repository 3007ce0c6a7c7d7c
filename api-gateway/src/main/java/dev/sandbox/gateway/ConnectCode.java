package dev.sandbox.gateway;

import java.util.Locale;

/**
 * The error codes of the Connect protocol that E2B's data plane speaks, each with the HTTP status of a unary answer
 * carrying it (Connect protocol specification). On the wire a code is its lower-case name ({@code not_found}).
 */
enum ConnectCode {
    CANCELED(499),
    UNKNOWN(500),
    INVALID_ARGUMENT(400),
    DEADLINE_EXCEEDED(504),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    PERMISSION_DENIED(403),
    RESOURCE_EXHAUSTED(429),
    FAILED_PRECONDITION(400),
    ABORTED(409),
    OUT_OF_RANGE(400),
    UNIMPLEMENTED(501),
    INTERNAL(500),
    UNAVAILABLE(503),
    DATA_LOSS(500),
    UNAUTHENTICATED(401);

    private final int httpStatus;

    ConnectCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** The code as the protocol writes it. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
