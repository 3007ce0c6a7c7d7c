package dev.sandbox.operator.runtime;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one hardened sandbox container. Built by the planner from a Sandbox, with the isolation
 * the operator's policy chose in {@link #security}; the runtime turns it into Docker calls without adding policy of its
 * own.
 *
 * @param name deterministic container name
 * @param image image reference
 * @param entrypoint entrypoint override, or null for the image's
 * @param command command override, or null for the image's
 * @param env environment as {@code KEY=value}
 * @param labels labels naming the owning resource
 * @param nanoCpus CPU limit in billionths of a core
 * @param memoryBytes memory limit; swap is set to the same value so no swap is granted
 * @param security capabilities, seccomp, read-only root, tmpfs, process and file limits, log caps
 * @param workspaceVolume name of the per-sandbox workspace volume
 * @param workspacePath where the workspace is mounted
 * @param network network to join: {@code none} or a per-sandbox network
 * @param ports ports to publish
 * @param gpu GPU request ({@code all}, a count or device ids), or null
 * @param volumes shared volumes to mount besides the workspace
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entrypoint,
        List<String> command,
        List<String> env,
        Map<String, String> labels,
        long nanoCpus,
        long memoryBytes,
        SecurityProfile security,
        String workspaceVolume,
        String workspacePath,
        String network,
        List<PublishedPort> ports,
        String gpu,
        List<VolumeMount> volumes) {

    /** A copy publishing {@code newPorts} instead (node ports chosen at creation; the spec hash is left as planned). */
    public ContainerSpec withPorts(List<PublishedPort> newPorts) {
        return new ContainerSpec(
                name,
                image,
                entrypoint,
                command,
                env,
                labels,
                nanoCpus,
                memoryBytes,
                security,
                workspaceVolume,
                workspacePath,
                network,
                List.copyOf(newPorts),
                gpu,
                volumes);
    }

    /** A Docker volume mounted at {@code target}. */
    public record VolumeMount(String volume, String target, boolean readOnly) {}

    /** A port to publish: container port, host port (0 = any free one), host address and transport. */
    public record PublishedPort(int containerPort, int hostPort, String hostIp, String transport) {}
}
