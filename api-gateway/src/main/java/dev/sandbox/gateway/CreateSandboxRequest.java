package dev.sandbox.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/sandboxes}. {@code command} and {@code entrypoint} are a string (run by {@code /bin/sh -c})
 * or a list of arguments. {@code buildContext} (file name to content, with a Dockerfile) builds the image on the node;
 * {@code shutdownPolicy} ({@code delete} or {@code stop}) says what happens when {@code resources.timeout} has passed.
 * {@code public: true} opens the sandbox's preview URLs to anyone, without a key or token. {@code labels} are the
 * caller's own, to find sandboxes again ({@code GET /v1/sandboxes?label=key=value}). {@code snapshot} names a
 * snapshot of the tenant to start from: its image (unless {@code image} is given) and a copy of its workspace.
 * {@code template} names a SandboxTemplate to start from: its fields fill in what the request leaves out, the request
 * may set only what the template allows, and a ready sandbox of the template's warm pool is claimed instead of starting
 * a container.
 * {@code network} says what the sandbox may reach ({@code mode} none or egress, {@code allow} and {@code deny} lists
 * of IPv4 CIDRs).
 */
public record CreateSandboxRequest(
        String image,
        JsonNode command,
        JsonNode entrypoint,
        Map<String, String> environment,
        Resources resources,
        List<Port> ports,
        Map<String, String> buildContext,
        Boolean forceBuild,
        String shutdownPolicy,
        Map<String, Volume> volumes,
        @JsonProperty("public") Boolean publicPreview,
        String snapshot,
        Map<String, String> labels,
        String template,
        Network network) {

    /**
     * Outbound access: {@code mode} {@code none} (no connections out; the default without ports) or {@code egress} (the
     * outside world; the default with ports), and IPv4 addresses or CIDRs to {@code allow} (only those) or {@code deny}.
     */
    public record Network(String mode, List<String> allow, List<String> deny) {}

    /** A network volume to mount, by name: where ({@code mountPath}, default the volume's own) and whether read-only. */
    public record Volume(String mountPath, Boolean readOnly) {}

    /**
     * Resource limits; omitted fields take their defaults. {@code timeout} is the lifetime in seconds; {@code idleTimeout}
     * the seconds without activity after which the sandbox is stopped (0: never; omitted: the cluster's default), or paused
     * with its memory kept when {@code idleAction} is {@code pause} (omitted: the cluster's default action); {@code disk}
     * the size of the workspace file system (default {@code 1g}, at most the cluster's maximum).
     */
    public record Resources(
            Double cpu,
            String memory,
            String disk,
            String gpu,
            Long timeout,
            Integer maxRetries,
            Long idleTimeout,
            String idleAction) {}

    /** A port to publish. */
    public record Port(Integer internal, Integer external, String protocol, String subdomain) {}
}
