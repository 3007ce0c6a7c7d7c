package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the gateway reports it: what was asked for and what is observed. Fields the gateway adds in newer
 * versions are ignored.
 *
 * @param id the sandbox id, such as {@code sbx-4f9c2a1b7d}
 * @param phase {@code Pending}, {@code Creating}, {@code Running}, {@code Paused}, {@code Stopped}, {@code Failed} or
 *     {@code Terminating} (newer gateways may add phases)
 * @param image the container image
 * @param command the command arguments, or {@code null} when the image's default is used; a command given as one
 *     string is reported as {@code ["/bin/sh", "-c", string]}
 * @param entrypoint the entrypoint arguments, or {@code null} when the image's default is used
 * @param environment the environment variables by name
 * @param resources the resource limits in force
 * @param disk the workspace file system: bytes in use and its size; {@code null} until the workspace exists
 * @param ports the published ports
 * @param containerId the Docker container id, or {@code null} before the container exists
 * @param node the node that runs the sandbox, or {@code null} before it is scheduled
 * @param createdAt when the sandbox was created
 * @param startedAt when its container last started, or {@code null}
 * @param restartCount how often the container was restarted
 * @param exitCode the exit status of the main process once it has ended, or {@code null}
 * @param reason a short machine-readable reason for the phase, such as {@code Started}
 * @param message a human-readable explanation of the phase
 * @param expiresAt when the sandbox reaches its lifetime ({@code resources.timeout}) and is stopped or deleted, or
 *     {@code null} without a lifetime
 * @param logTail the last lines the container printed before it failed, or {@code null}
 * @param mounts the network volumes mounted into the sandbox
 * @param publicPreview whether the sandbox's preview URLs are open to anyone, without a key or token
 * @param labels the labels its creator put on it (never {@code null})
 * @param template the template it was made from, or {@code null}
 * @param start for a sandbox made from a template: {@code warm} when it was claimed from a warm pool, {@code cold}
 *     when a container was started for it; {@code null} otherwise
 * @param startMessage why a sandbox of a template with a warm pool started cold, or {@code null}
 * @param pool the warm pool it was claimed from, or {@code null}
 * @param claimedAt when it was claimed from the pool (its lifetime and idle clocks start there), or {@code null}
 * @param network what the sandbox may reach over the network, or {@code null} from gateways that do not report it
 * @param desiredState what its owner asked for: {@code Running}, {@code Paused} or {@code Stopped}
 * @param finishedAt when its container last ended, or {@code null}
 * @param generation the version of its spec; every change (environment, mounts, ...) increments it
 * @param observedGeneration the spec version the operator has acted on; equal to {@code generation} once a change is
 *     live
 * @param shutdownPolicy what happens when its lifetime ends: {@code delete} or {@code stop}
 * @param buildLog the last part of the image build's output, for sandboxes built from a build context, or {@code null}
 * @param snapshot the snapshot it was started from, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SandboxInfo(
        String id,
        String phase,
        String image,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        ResourceConfig resources,
        Disk disk,
        List<PortInfo> ports,
        String containerId,
        String node,

        @JsonTimestamp Instant createdAt,

        @JsonTimestamp Instant startedAt,

        Integer restartCount,
        Integer exitCode,
        String reason,
        String message,

        @JsonTimestamp Instant expiresAt,

        String logTail,
        List<Mount> mounts,
        @JsonProperty("public") boolean publicPreview,
        Map<String, String> labels,
        String template,
        String start,
        String startMessage,
        String pool,

        @JsonTimestamp Instant claimedAt,

        NetworkInfo network,
        String desiredState,

        @JsonTimestamp Instant finishedAt,

        Long generation,
        Long observedGeneration,
        String shutdownPolicy,
        String buildLog,
        String snapshot) {

    /**
     * How full the sandbox's workspace file system is.
     *
     * @param usedBytes bytes in use (including what the file system keeps for itself), or {@code null} before the
     *     first measurement
     * @param limitBytes the size of the file system ({@code resources.disk})
     * @param enforced whether writing past the size fails on the sandbox's node (false where the node cannot make file
     *     systems of their own)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Disk(Long usedBytes, Long limitBytes, boolean enforced) {}

    /**
     * The network of a sandbox as the gateway reports it.
     *
     * @param mode {@code none} or {@code egress}, the default resolved
     * @param allow addresses or CIDRs it may reach (empty: all of the outside world in mode egress)
     * @param deny addresses or CIDRs it may not reach
     * @param enforced whether the node's firewall rules are in place; {@code null} until the node has set it up
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkInfo(String mode, List<String> allow, List<String> deny, Boolean enforced) {}

    /**
     * A network volume mounted into the sandbox.
     *
     * @param volume the network volume's name
     * @param mountPath where it is mounted
     * @param readOnly whether it is mounted read-only
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String volume, String mountPath, boolean readOnly) {}

    /**
     * Creates the description; an absent environment or port list becomes empty, so callers need no null checks.
     *
     * @param id see the record description
     * @param phase see the record description
     * @param image see the record description
     * @param command see the record description
     * @param entrypoint see the record description
     * @param environment see the record description
     * @param resources see the record description
     * @param ports see the record description
     * @param containerId see the record description
     * @param node see the record description
     * @param createdAt see the record description
     * @param startedAt see the record description
     * @param restartCount see the record description
     * @param exitCode see the record description
     * @param reason see the record description
     * @param message see the record description
     * @param expiresAt see the record description
     * @param logTail see the record description
     * @param mounts see the record description
     * @param publicPreview see the record description
     * @param labels see the record description
     * @param template see the record description
     * @param start see the record description
     * @param startMessage see the record description
     * @param pool see the record description
     * @param claimedAt see the record description
     * @param network see the record description
     * @param desiredState see the record description
     * @param finishedAt see the record description
     * @param generation see the record description
     * @param observedGeneration see the record description
     * @param shutdownPolicy see the record description
     * @param buildLog see the record description
     * @param snapshot see the record description
     */
    public SandboxInfo {
        environment = environment == null ? Map.of() : environment;
        ports = ports == null ? List.of() : ports;
        mounts = mounts == null ? List.of() : mounts;
        labels = labels == null ? Map.of() : labels;
    }

    /**
     * Whether the sandbox was claimed from a warm pool (instead of starting a container).
     *
     * @return {@code true} for a warm start
     */
    public boolean claimed() {
        return "warm".equals(start);
    }

    /**
     * Whether the sandbox is in phase {@code Running}.
     *
     * @return {@code true} when running
     */
    public boolean running() {
        return "Running".equalsIgnoreCase(phase);
    }

    /**
     * Whether the sandbox is in phase {@code Paused}: its processes are frozen with their memory kept.
     *
     * @return {@code true} when paused
     */
    public boolean paused() {
        return "Paused".equalsIgnoreCase(phase);
    }
}
