package dev.sandbox.gateway;

/**
 * An error of the E2B data plane's Connect RPC calls: a {@link ConnectCode} and a message, sent as the end of a stream
 * or, for unary calls, as a JSON body with the code's HTTP status.
 */
final class RpcException extends RuntimeException {
    private final ConnectCode code;

    RpcException(ConnectCode code, String message) {
        super(message);
        this.code = code;
    }

    ConnectCode code() {
        return code;
    }

    int httpStatus() {
        return code.httpStatus();
    }

    /** The gateway's own error (an {@link ApiException} from validation, a node or the Kubernetes API) as a Connect error. */
    static RpcException from(ApiException e) {
        ConnectCode code = switch (e.status()) {
            case 400, 413 -> ConnectCode.INVALID_ARGUMENT;
            case 401 -> ConnectCode.UNAUTHENTICATED;
            case 403 -> ConnectCode.PERMISSION_DENIED;
            case 404 -> ConnectCode.NOT_FOUND;
            case 409 -> ConnectCode.FAILED_PRECONDITION;
            case 429 -> ConnectCode.RESOURCE_EXHAUSTED;
            case 502, 503 -> ConnectCode.UNAVAILABLE;
            case 504 -> ConnectCode.DEADLINE_EXCEEDED;
            default -> ConnectCode.INTERNAL;
        };
        return new RpcException(code, e.getMessage());
    }
}
