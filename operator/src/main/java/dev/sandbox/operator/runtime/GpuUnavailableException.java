package dev.sandbox.operator.runtime;

/** The container asks for a GPU and the node has none that the engine can hand out. */
public class GpuUnavailableException extends ContainerRefusedException {
    public GpuUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
