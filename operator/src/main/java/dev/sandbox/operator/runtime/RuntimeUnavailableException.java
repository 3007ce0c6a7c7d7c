package dev.sandbox.operator.runtime;

/** The container engine cannot be reached; callers retry later. */
public class RuntimeUnavailableException extends RuntimeException {
    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
