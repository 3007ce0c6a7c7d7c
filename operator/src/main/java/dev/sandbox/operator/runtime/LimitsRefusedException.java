package dev.sandbox.operator.runtime;

/**
 * New CPU or memory limits cannot be applied to a running container in place (the runtime cannot, or the engine
 * refuses, e.g. a memory limit below what the container uses now); the container must be made again to get them.
 */
public class LimitsRefusedException extends RuntimeException {
    public LimitsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
