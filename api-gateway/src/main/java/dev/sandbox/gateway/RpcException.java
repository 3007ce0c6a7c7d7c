package dev.sandbox.gateway;

import java.util.Map;

/**
 * An error of the E2B data plane's Connect RPC calls: a Connect error code ({@code not_found}, {@code invalid_argument},
 * ...) and a message, sent as the end of a stream or, for unary calls, as a JSON body with the matching HTTP status.
 */
final class RpcException extends RuntimeException {
    /** Connect error codes and the HTTP status of a unary answer carrying each (Connect protocol specification). */
    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry("canceled", 499),
            Map.entry("unknown", 500),
            Map.entry("invalid_argument", 400),
            Map.entry("deadline_exceeded", 504),
            Map.entry("not_found", 404),
            Map.entry("already_exists", 409),
            Map.entry("permission_denied", 403),
            Map.entry("resource_exhausted", 429),
            Map.entry("failed_precondition", 400),
            Map.entry("aborted", 409),
            Map.entry("out_of_range", 400),
            Map.entry("unimplemented", 501),
            Map.entry("internal", 500),
            Map.entry("unavailable", 503),
            Map.entry("data_loss", 500),
            Map.entry("unauthenticated", 401));

    private final String code;

    RpcException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return STATUS.getOrDefault(code, 500);
    }

    /** The gateway's own error (an {@link ApiException} from validation, a node or the Kubernetes API) as a Connect error. */
    static RpcException from(ApiException e) {
        String code = switch (e.status()) {
            case 400, 413 -> "invalid_argument";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 409 -> "failed_precondition";
            case 429 -> "resource_exhausted";
            case 502, 503 -> "unavailable";
            case 504 -> "deadline_exceeded";
            default -> "internal";
        };
        return new RpcException(code, e.getMessage());
    }
}
