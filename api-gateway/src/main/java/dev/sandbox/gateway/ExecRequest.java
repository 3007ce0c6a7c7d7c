package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST /v1/sandboxes/{id}/exec}: a command (string or list) and an optional timeout in seconds. */
public record ExecRequest(JsonNode command, Integer timeoutSeconds) {}
