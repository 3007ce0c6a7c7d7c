package dev.sandbox.operator.runtime;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Containers on a node's engine: their lifecycle, what the engine reports about them, and its events. */
public interface Containers {
    /** Fails with {@link RuntimeUnavailableException} when the engine cannot be reached. */
    void ping();

    /** CPU cores and memory of the engine's host. */
    NodeCapacity capacity();

    /** The container with this name, if any. */
    Optional<ContainerState> inspect(String containerName);

    /** Containers carrying all the given labels, running or not. */
    List<ContainerState> list(Map<String, String> labels);

    /** Creates the container; when one with that name already exists, returns its id instead. */
    String create(ContainerSpec spec);

    void start(String containerId);

    /**
     * Changes the CPU and memory limits of a container in place (running or not), without recreating it.
     *
     * @throws LimitsRefusedException where the runtime cannot or the engine refuses; the caller then recreates the
     *     container
     */
    default void updateLimits(String containerId, long nanoCpus, long memoryBytes) {
        throw new LimitsRefusedException("this runtime cannot change limits in place", null);
    }

    /** Stops gracefully: SIGTERM, then SIGKILL after the timeout. */
    void stop(String containerId, Duration timeout);

    /**
     * Freezes every process of a running container with the engine's pause (the cgroup freezer): memory stays as it is
     * and no CPU is used until {@link #unpause}. No error when it is paused already.
     */
    void pause(String containerId);

    /** Lets the processes of a paused container run on where they were; no error when it is not paused. */
    void unpause(String containerId);

    /** Removes the container (killing it if needed); no error when it does not exist. */
    void remove(String containerNameOrId);

    /** Follows engine events about managed containers until the returned handle is closed. */
    Closeable watchEvents(Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError);
}
