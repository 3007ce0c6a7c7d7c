package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.exception.DockerException;
import java.util.Locale;

/**
 * Turns the engine's refusal of a container into a typed exception. The engine tells why only in words, so its words
 * are read here, once, next to the engine; everything above the runtime sees types.
 */
final class EngineRefusals {
    private EngineRefusals() {}

    /** The typed form of the engine refusing to create or start a container. */
    static ContainerRefusedException container(DockerException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().trim();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("port is already allocated") || lower.contains("address already in use")) {
            return new HostPortTakenException(message, e);
        }
        if (lower.contains("could not select device driver") || lower.contains("nvidia")) {
            return new GpuUnavailableException(message, e);
        }
        return new ContainerRefusedException(message, e);
    }
}
