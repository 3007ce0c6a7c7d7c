package dev.sandbox.operator.runtime;

import java.time.Duration;
import java.util.List;

/** Commands run to completion in a container, and its recent output. */
public interface Commands {
    /**
     * Runs a command in a running container and collects its output (each stream capped at {@code maxOutputBytes}). A
     * command still running after {@code timeout} is killed.
     */
    ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes);

    /** The last {@code lines} lines the container printed (stdout and stderr interleaved). */
    String logTail(String containerId, int lines);
}
