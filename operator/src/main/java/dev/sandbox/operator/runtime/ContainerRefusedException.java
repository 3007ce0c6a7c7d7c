package dev.sandbox.operator.runtime;

/**
 * The engine refused to create or start a container as specified (a verdict on the container, not a fault of the
 * engine's reachability): retrying the same container does not help until its spec changes or a restart is asked for.
 */
public class ContainerRefusedException extends RuntimeException {
    public ContainerRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
