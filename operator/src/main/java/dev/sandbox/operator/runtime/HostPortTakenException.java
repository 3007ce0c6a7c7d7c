package dev.sandbox.operator.runtime;

/**
 * A host port the container publishes was taken between the operator's check and the engine's bind. Unlike other
 * refusals this one passes by itself once the port is free again.
 */
public class HostPortTakenException extends ContainerRefusedException {
    public HostPortTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
