package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox template as the gateway reports it.
 *
 * @param name the template's name
 * @param image the container image, or {@code null} when built from a context
 * @param command the command, or {@code null} for the image's
 * @param entrypoint the entrypoint, or {@code null} for the image's
 * @param environment environment variables (never {@code null})
 * @param resources limits and clocks
 * @param overridable the fields a sandbox made from it may set itself
 * @param shared whether the installation made it (usable by every tenant, changed only with kubectl or Helm)
 * @param hash a digest of its spec; warm pools replace sandboxes of another hash
 * @param inUse how many sandboxes made from it exist, as last counted by the operator, or {@code null}
 * @param deleting whether it is being deleted (held while in use)
 * @param pools its warm pools (never {@code null})
 * @param buildContext the build context (file name to content) its image is built from, or {@code null}
 * @param ports the ports its sandboxes publish (never {@code null})
 * @param mounts the network volumes its sandboxes mount (never {@code null})
 * @param shutdownPolicy what happens when a sandbox's lifetime ends: {@code delete} or {@code stop}
 * @param stopTimeoutSeconds seconds between SIGTERM and SIGKILL when its sandboxes stop, or {@code null} for the default
 * @param createdAt when it was made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TemplateInfo(
        String name,
        String image,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        ResourceConfig resources,
        List<String> overridable,
        boolean shared,
        String hash,
        Integer inUse,
        boolean deleting,
        List<Pool> pools,
        Map<String, String> buildContext,
        List<PortInfo> ports,
        List<SandboxInfo.Mount> mounts,
        String shutdownPolicy,
        Integer stopTimeoutSeconds,

        @JsonTimestamp Instant createdAt) {

    /**
     * A warm pool of the template.
     *
     * @param name the pool's name
     * @param desired how many ready sandboxes it asks for
     * @param ready how many are ready to be claimed now
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pool(String name, int desired, int ready) {}

    /**
     * Fills absent collections with empty ones.
     *
     * @param name see the record description
     * @param image see the record description
     * @param command see the record description
     * @param entrypoint see the record description
     * @param environment see the record description
     * @param resources see the record description
     * @param overridable see the record description
     * @param shared see the record description
     * @param hash see the record description
     * @param inUse see the record description
     * @param deleting see the record description
     * @param pools see the record description
     * @param buildContext see the record description
     * @param ports see the record description
     * @param mounts see the record description
     * @param shutdownPolicy see the record description
     * @param stopTimeoutSeconds see the record description
     * @param createdAt see the record description
     */
    public TemplateInfo {
        environment = environment == null ? Map.of() : environment;
        overridable = overridable == null ? List.of() : overridable;
        pools = pools == null ? List.of() : pools;
        ports = ports == null ? List.of() : ports;
        mounts = mounts == null ? List.of() : mounts;
    }
}
