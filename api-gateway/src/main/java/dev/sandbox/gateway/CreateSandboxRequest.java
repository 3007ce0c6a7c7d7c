package dev.sandbox.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/sandboxes}. {@code command} and {@code entrypoint} are a string (run by {@code /bin/sh -c})
 * or a list of arguments. {@code public: true} opens the sandbox's preview URLs to anyone, without a key or token.
 */
public record CreateSandboxRequest(
    String image,
    JsonNode command,
    JsonNode entrypoint,
    Map<String, String> environment,
    Resources resources,
    List<Port> ports,
    @JsonProperty("public") Boolean publicPreview) {

  /** Resource limits; omitted fields take their defaults. {@code timeout} is the lifetime in seconds. */
  public record Resources(Double cpu, String memory, String gpu, Long timeout, Integer maxRetries) {}

  /** A port to publish. */
  public record Port(Integer internal, Integer external, String protocol, String subdomain) {}
}
