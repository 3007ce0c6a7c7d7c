package dev.sandbox.operator.runtime;

/** An image build failed; {@link #output()} holds what the build printed. Retrying does not help until the context changes. */
public class ImageBuildException extends RuntimeException {
    private final String output;

    public ImageBuildException(String message, String output, Throwable cause) {
        super(message, cause);
        this.output = output;
    }

    public String output() {
        return output;
    }
}
