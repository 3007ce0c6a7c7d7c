package dev.sandbox.operator.runtime;

import dev.sandbox.client.SandboxStats;
import java.io.Closeable;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The streams in and out of a node's containers that the node agent needs: interactive exec, logs, stats, archive
 * reads and volume locations. Kept apart from {@link ContainerRuntime}, which is what the reconcilers need, so each
 * side has a narrow interface of its own; the Docker runtime implements both.
 */
public interface ContainerIo {

    /** The container with this name or id, if any. */
    Optional<ContainerState> inspect(String containerNameOrId);

    /** User the container's processes run as by default ("" for root), as configured in the container. */
    String containerUser(String containerId);

    /** The named volume, if it exists. */
    Optional<VolumeInfo> inspectVolume(String name);

    /**
     * Starts a command in a running container and streams its output to {@code output} from a thread of its own. The
     * caller owns the returned handle and must close it.
     *
     * @throws RuntimeUnavailableException when the engine cannot be reached
     * @throws ContainerNotRunningException when the container does not exist or is not running
     */
    ExecStream startExec(String containerId, ExecCommand command, ExecOutput output);

    /**
     * Sends container log lines to {@code lines}: the last {@code tail} lines (all when negative), then, when
     * {@code follow}, new ones until the container stops or the returned handle is closed. {@code onEnd} runs once at
     * the end (with the failure, or null).
     */
    Closeable logs(String containerId, int tail, boolean follow, Consumer<LogLine> lines, Consumer<Throwable> onEnd);

    /**
     * One sample of the container's resource use. CPU % needs two readings: the call may wait a moment (up to about a
     * second, depending on where the readings come from) unless an earlier call just took one.
     */
    SandboxStats currentStats(String containerId);

    /** A sample about every second until the returned handle is closed or the container stops. */
    Closeable streamStats(String containerId, Consumer<SandboxStats> samples, Consumer<Throwable> onEnd);

    /**
     * A tar stream of {@code path} inside the container (running or stopped), from Docker's archive API. The caller
     * closes it.
     *
     * @throws ContainerPathNotFoundException when the path does not exist there
     */
    InputStream copyOut(String containerId, String path);
}
