package dev.sandbox.operator.runtime;

/** The engine refused to remove an image because a container still uses it. */
public class ImageInUseException extends RuntimeException {
    public ImageInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
