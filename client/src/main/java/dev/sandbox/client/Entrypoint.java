package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A sandbox's entrypoint and command.
 *
 * @param entrypoint the entrypoint arguments, or {@code null} when the image's default is used
 * @param command the command arguments, or {@code null} when the image's default is used
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Entrypoint(List<String> entrypoint, List<String> command) {}
