package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/templates} and {@code PUT /v1/templates/{name}}: the fields of a sandbox create (same names
 * and meanings) that sandboxes made from the template get, plus {@code overridable}, the fields such a sandbox may set
 * differently. {@code name} is required for POST; for PUT it may be left out or must equal the path's name.
 */
public record CreateTemplateRequest(
        String name,
        String image,
        Map<String, String> buildContext,
        JsonNode command,
        JsonNode entrypoint,
        Map<String, String> environment,
        CreateSandboxRequest.Resources resources,
        List<CreateSandboxRequest.Port> ports,
        Map<String, CreateSandboxRequest.Volume> volumes,
        String shutdownPolicy,
        Integer stopTimeoutSeconds,
        List<String> overridable) {}
