package dev.sandbox.operator.runtime;

import java.util.Optional;

/** Readings of a container's resource use (CPU, memory, processes, network and disk traffic). */
public interface StatsReader {
    /**
     * One reading of a running container's resource use. The call returns after about a second (Docker needs two
     * readings for CPU use) and leaves no stream open. Empty when the container is gone or not running.
     *
     * @throws RuntimeUnavailableException when the engine cannot be reached or does not answer in time
     */
    Optional<ContainerStats> stats(String containerId);

    /**
     * One reading at once, without the second of priming {@link #stats} waits for: its previous CPU fields are 0, so CPU
     * use comes from comparing it with an earlier reading ({@link ContainerStats#since}). Meant for sampling many
     * containers. Engines that cannot give such a reading answer as {@link #stats} does.
     */
    default Optional<ContainerStats> statsNow(String containerId) {
        return stats(containerId);
    }
}
