package dev.sandbox.operator.runtime;

/** A path asked for does not exist in the container (or lies on a tmpfs, which the archive API cannot read). */
public class ContainerPathNotFoundException extends RuntimeException {
    public ContainerPathNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
