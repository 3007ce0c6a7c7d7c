package dev.sandbox.operator.runtime;

/** The container is missing or not running, so nothing can be executed in it. */
public class ContainerNotRunningException extends RuntimeException {
    public ContainerNotRunningException(String message, Throwable cause) {
        super(message, cause);
    }
}
