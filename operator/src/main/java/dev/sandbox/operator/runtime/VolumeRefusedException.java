package dev.sandbox.operator.runtime;

/** The engine refused to make a shared volume with the driver and options its class names. */
public class VolumeRefusedException extends RuntimeException {
    public VolumeRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
