package dev.sandbox.operator.runtime;

/** The image is not on the node and cannot be pulled. Retrying does not help until the spec changes. */
public class ImageNotFoundException extends RuntimeException {
    public ImageNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
