package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * The resource use of a sandbox at one moment, as sampled on its node (about every 15 seconds while it runs) and kept
 * in its usage history. In JSON the numbers stand beside {@code sampledAt} in one flat object.
 *
 * @param sampledAt when the sample was taken
 * @param use the numbers read; CPU use covers the time since the node's previous sample of the sandbox
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageSample(
        @JsonTimestamp Instant sampledAt, @JsonUnwrapped ResourceUse use) {}
