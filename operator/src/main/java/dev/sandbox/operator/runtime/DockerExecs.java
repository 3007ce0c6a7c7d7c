package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands and streams of a container on a Docker engine: exec collected or streamed (on a raw engine socket, see
 * {@link EngineSocket}), logs, and archive reads.
 */
final class DockerExecs implements Commands {
    private static final Logger log = LoggerFactory.getLogger(DockerExecs.class);
    /** What {@link #logTail} keeps at most: a status message, not a log download. */
    private static final int LOG_TAIL_MAX_CHARS = 64 * 1024;

    private final DockerEngine engine;
    private final DockerClient control;
    private final DockerClient streams;

    DockerExecs(DockerEngine engine) {
        this.engine = engine;
        this.control = engine.control();
        this.streams = engine.streams();
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
        long started = System.nanoTime();
        String execId = engine.call(
                        "create exec",
                        () -> control.execCreateCmd(containerId)
                                .withCmd(command.toArray(String[]::new))
                                .withAttachStdout(true)
                                .withAttachStderr(true)
                                .exec())
                .getId();
        CappedOutput stdout = new CappedOutput(maxOutputBytes);
        CappedOutput stderr = new CappedOutput(maxOutputBytes);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(frame.getPayload());
            }
        };
        boolean finished;
        try (callback) {
            streams.execStartCmd(execId).exec(callback);
            finished = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killExec(execId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killExec(execId);
            throw new RuntimeUnavailableException("interrupted while running a command in " + containerId, e);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("exec stream of " + containerId + " failed", e);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Long exitCode = finished
                ? engine.call(
                                "inspect exec",
                                () -> control.inspectExecCmd(execId).exec())
                        .getExitCodeLong()
                : null;
        return new ExecResult(
                exitCode == null ? 137 : exitCode.intValue(),
                stdout.text(),
                stderr.text(),
                durationMs,
                !finished,
                stdout.truncated() || stderr.truncated());
    }

    /**
     * Docker has no call to kill an exec'd process, so kill it by its host pid. This works when the operator shares the
     * node's process namespace (dev mode, or the node DaemonSet with hostPID); otherwise the process is left to the
     * sandbox's own limits and the caller still gets a timed-out result.
     */
    private void killExec(String execId) {
        try {
            Long pid = control.inspectExecCmd(execId).exec().getPidLong();
            if (pid != null && pid > 0 && !HostAccess.killProcessTree(pid)) {
                log.warn("cannot see process {} of timed-out exec {}; it keeps running until it ends", pid, execId);
            }
        } catch (DockerException | RuntimeUnavailableException e) {
            log.warn("cannot kill timed-out exec {}: {}", execId, e.toString());
        }
    }

    /** See {@link ContainerIo#startExec}. */
    ExecStream startExec(String containerId, ExecCommand command, ExecOutput output) {
        if (engine.usesTls()) {
            throw new RuntimeUnavailableException(
                    "streaming exec needs a unix:// or plain tcp:// Docker host; " + engine.dockerHost() + " uses TLS",
                    null);
        }
        ExecCreateCmd create = control.execCreateCmd(containerId)
                .withCmd(command.command().toArray(String[]::new))
                .withAttachStdin(command.stdin())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(command.terminal() != null);
        if (command.user() != null) {
            create.withUser(command.user());
        }
        if (command.workdir() != null) {
            create.withWorkingDir(command.workdir());
        }
        if (!command.env().isEmpty()) {
            create.withEnv(command.env());
        }
        String execId;
        try {
            execId = engine.call("create exec", create::exec).getId();
        } catch (NotFoundException e) {
            throw new ContainerNotRunningException("container " + containerId + " does not exist", e);
        } catch (ConflictException e) {
            throw new ContainerNotRunningException("container " + containerId + " is not running", e);
        }
        EngineSocket socket = null;
        try {
            socket = EngineSocket.connect(engine.engineHost());
            EngineSocket.Answer answer = socket.startExec(execId, command.terminal() != null);
            if (answer.status() == 404 || answer.status() == 409) {
                socket.close();
                throw new ContainerNotRunningException(
                        "container " + containerId + " is not running: "
                                + answer.body().trim(),
                        null);
            }
            if (answer.status() != 101 && answer.status() != 200) {
                socket.close();
                throw new RuntimeUnavailableException(
                        "the Docker engine refused to start exec " + execId + " (HTTP " + answer.status() + "): "
                                + answer.body().trim(),
                        null);
            }
        } catch (IOException e) {
            closeQuietly(socket);
            throw engine.unreachable("start exec", e);
        }
        if (command.terminal() == null) {
            return new ExecStream(execId, socket, () -> probeExec(execId), command.stdin(), output);
        }
        ExecStream.TerminalResizer resizer = size -> resizeExec(execId, size);
        ExecStream stream = new ExecStream(execId, socket, () -> probeExec(execId), command.stdin(), resizer, output);
        resizeExec(execId, command.terminal());
        return stream;
    }

    /** The engine knows the exec's terminal only once it started; a resize that comes too early or too late is harmless. */
    private void resizeExec(String execId, TerminalSize size) {
        try {
            control.resizeExecCmd(execId).withSize(size.rows(), size.columns()).exec();
        } catch (RuntimeException e) {
            log.debug("resizing the terminal of exec {} failed: {}", execId, e.toString());
        }
    }

    private ExecStream.ExecState probeExec(String execId) {
        InspectExecResponse r =
                engine.call("inspect exec", () -> control.inspectExecCmd(execId).exec());
        Long pid = r.getPidLong();
        Long exit = r.getExitCodeLong();
        return new ExecStream.ExecState(
                Boolean.TRUE.equals(r.isRunning()), pid == null ? 0 : pid, exit == null ? null : exit.intValue());
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // Already failing; the original error is what matters.
            }
        }
    }

    @Override
    public String logTail(String containerId, int lines) {
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    if (text.length() < LOG_TAIL_MAX_CHARS) {
                        text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }
        };
        try (callback) {
            streams.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
                    .exec(callback);
            callback.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            log.debug("closing the log stream of {} failed", containerId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (text) {
            return text.toString();
        }
    }

    /** See {@link ContainerIo#logs}. */
    Closeable logs(String containerId, int tail, boolean follow, Consumer<LogLine> lines, Consumer<Throwable> onEnd) {
        ResultCallback.Adapter<Frame> callback = new EndsOnce<>(onEnd) {
            @Override
            public void onNext(Frame frame) {
                String payload = new String(frame.getPayload(), StandardCharsets.UTF_8);
                for (String line : payload.split("\n", -1)) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    // With timestamps on, every line starts with the engine's RFC 3339 time and a space.
                    int space = line.indexOf(' ');
                    boolean stamped = space > 0
                            && Character.isDigit(line.charAt(0))
                            && line.substring(0, space).endsWith("Z");
                    lines.accept(new LogLine(
                            frame.getStreamType() == StreamType.STDERR,
                            stamped ? line.substring(0, space) : null,
                            stamped ? line.substring(space + 1) : line));
                }
            }
        };
        var cmd = streams.logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withTimestamps(true)
                .withFollowStream(follow);
        (tail < 0 ? cmd.withTailAll() : cmd.withTail(tail)).exec(callback);
        return callback;
    }

    /** See {@link ContainerIo#copyOut}. */
    InputStream copyOut(String containerId, String path) {
        try {
            // The streams client: a large archive read by a slow client must not hit the control client's timeout.
            return engine.call(
                    "copy from container",
                    () -> streams.copyArchiveFromContainerCmd(containerId, path).exec());
        } catch (NotFoundException e) {
            throw new ContainerPathNotFoundException(
                    "no " + path + " in container " + containerId
                            + " (or it is on a tmpfs such as /tmp, which cannot be read from outside)",
                    e);
        }
    }
}
