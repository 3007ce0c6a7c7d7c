package dev.sandbox.operator.runtime;

import java.util.List;
import java.util.Map;

/**
 * What Docker reports about a container.
 *
 * @param id container id
 * @param name container name without the leading slash
 * @param status Docker's state: created, running, paused, restarting, removing, exited or dead
 * @param exitCode exit code when exited
 * @param oomKilled whether the kernel killed it for exceeding its memory limit
 * @param error Docker's error text for a failed start, or null
 * @param startedAt RFC 3339 start time, or null when never started
 * @param finishedAt RFC 3339 exit time, or null
 * @param labels its labels
 * @param ports ports as published: container port to host address and port
 * @param user the user its commands run as by default ({@code ""} for the image's default, root); null when not read
 *     (container lists do not carry it)
 * @param volumes the named volumes mounted into it; empty when not read (container lists do not carry them)
 * @param nanoCpus its CPU limit in billionths of a core; null when not read
 * @param memoryBytes its memory limit; null when not read
 */
public record ContainerState(
        String id,
        String name,
        String status,
        Integer exitCode,
        boolean oomKilled,
        String error,
        String startedAt,
        String finishedAt,
        Map<String, String> labels,
        List<ContainerSpec.PublishedPort> ports,
        String user,
        List<VolumeMount> volumes,
        Long nanoCpus,
        Long memoryBytes) {

    /** A container just created from {@code labels}, before the engine has been asked about it. */
    public static ContainerState created(String id, String name, Map<String, String> labels) {
        return new ContainerState(
                id, name, "created", null, false, null, null, null, labels, List.of(), null, List.of(), null, null);
    }

    /** A container as a list shows it: no exit, times, ports, user, volumes or limits. */
    public static ContainerState listed(String id, String name, String status, Map<String, String> labels) {
        return new ContainerState(
                id, name, status, null, false, null, null, null, labels, List.of(), null, List.of(), null, null);
    }

    /** The same container with the given limits, as after {@code docker update}. */
    public ContainerState withLimits(long newNanoCpus, long newMemoryBytes) {
        return new ContainerState(
                id,
                name,
                status,
                exitCode,
                oomKilled,
                error,
                startedAt,
                finishedAt,
                labels,
                ports,
                user,
                volumes,
                newNanoCpus,
                newMemoryBytes);
    }

    /**
     * A named volume mounted into the container.
     *
     * @param name the Docker volume's name
     * @param source where its data lies on the host
     * @param destination where the container sees it
     * @param readOnly whether it is mounted read-only
     */
    public record VolumeMount(String name, String source, String destination, boolean readOnly) {}

    public boolean running() {
        return "running".equals(status) || "restarting".equals(status);
    }

    /** Whether the container's processes are frozen (Docker reports its state as paused). */
    public boolean paused() {
        return "paused".equals(status);
    }

    /** Whether the container ran and exited (as opposed to created and never started). */
    public boolean exited() {
        return "exited".equals(status) || "dead".equals(status);
    }
}
