package dev.sandbox.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxInfo;

/**
 * How the gateway writes the SDK's records it answers with, where the REST answer differs from the SDK's own JSON: a
 * sandbox lists its fields in the REST API's order, and limits name every field, null ones too. The SDK's
 * {@link ResourceConfig} leaves null fields out because it is also a request body, where an absent field takes the
 * gateway's default; an answer says what is in force, so it names them all.
 */
final class SandboxAnswerJson {
    private SandboxAnswerJson() {}

    /** {@code mapper} with the REST answer's form of the SDK's records mixed in. */
    static ObjectMapper on(ObjectMapper mapper) {
        return mapper.addMixIn(SandboxInfo.class, SandboxOrder.class).addMixIn(ResourceConfig.class, EveryLimit.class);
    }

    @JsonPropertyOrder({
        "id",
        "phase",
        "image",
        "command",
        "entrypoint",
        "environment",
        "resources",
        "disk",
        "ports",
        "desiredState",
        "containerId",
        "node",
        "createdAt",
        "startedAt",
        "finishedAt",
        "restartCount",
        "exitCode",
        "reason",
        "message",
        "generation",
        "observedGeneration",
        "expiresAt",
        "shutdownPolicy",
        "logTail",
        "buildLog",
        "mounts",
        "public",
        "snapshot",
        "labels",
        "template",
        "start",
        "startMessage",
        "pool",
        "claimedAt",
        "network"
    })
    private abstract static class SandboxOrder {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"cpu", "memory", "disk", "gpu", "timeout", "maxRetries", "idleTimeout", "idleAction"})
    private abstract static class EveryLimit {}
}
