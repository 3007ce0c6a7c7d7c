package dev.sandbox.operator.runtime;

import dev.sandbox.db.DaemonThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command running in a container with its output streaming in. Output arrives on a reader thread of its own; the
 * exit code follows once the output ends. Standard input (when attached) is written with {@link #writeStdin(byte[])}
 * and ended with {@link #closeStdin()}.
 *
 * <p>Docker has no call to signal an exec'd process, so signals go to its host process: this needs the operator in
 * the node's process namespace (dev mode, or the DaemonSet with {@code hostPID}). Otherwise signals are logged and
 * dropped, and only the command's own end or the sandbox's limits stop it.
 */
public final class ExecStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecStream.class);
    private static final Duration PROBE_PATIENCE = Duration.ofSeconds(3);

    private final String execId;
    private final EngineSocket socket;
    private final ExecProbe probe;
    private final boolean stdinAttached;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean stdinClosed = new AtomicBoolean();
    private final long startedNanos = System.nanoTime();
    private volatile ProcessHandle process;

    /** What the engine says about an exec right now. */
    record ExecState(boolean running, long pid, Integer exitCode) {}

    /** Asks the engine about the exec. */
    @FunctionalInterface
    interface ExecProbe {
        ExecState probe();
    }

    /** Tells the engine the new size of the exec's terminal. */
    @FunctionalInterface
    interface TerminalResizer {
        void resize(TerminalSize size);
    }

    private final TerminalResizer resizer;

    ExecStream(String execId, EngineSocket socket, ExecProbe probe, boolean stdinAttached, ExecOutput output) {
        this(execId, socket, probe, stdinAttached, null, output);
    }

    /**
     * @param resizer how to resize the command's terminal, or null when it runs without one (then output arrives in
     *     Docker's multiplexed frames; with a terminal it is one raw byte stream)
     */
    ExecStream(
            String execId,
            EngineSocket socket,
            ExecProbe probe,
            boolean stdinAttached,
            TerminalResizer resizer,
            ExecOutput output) {
        this.execId = execId;
        this.socket = socket;
        this.probe = probe;
        this.stdinAttached = stdinAttached;
        this.resizer = resizer;
        DaemonThreads.start(
                "exec-" + execId.substring(0, Math.min(12, execId.length())),
                () -> pump(resizer == null ? () -> readFrames(output) : () -> readTerminal(output)));
    }

    public String execId() {
        return execId;
    }

    /**
     * Completes with the exit code once the output has ended (null when the engine does not know it), or exceptionally
     * when the stream broke or the output receiver threw.
     */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Milliseconds since the command was started. */
    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Writes to the command's standard input. */
    public void writeStdin(byte[] data) throws IOException {
        if (!stdinAttached) {
            throw new IOException("standard input is not attached to this command");
        }
        if (stdinClosed.get()) {
            throw new IOException("standard input was closed already");
        }
        socket.write(data);
    }

    /** Whether the command runs in a pseudo-terminal. */
    public boolean hasTerminal() {
        return resizer != null;
    }

    /**
     * Resizes the command's terminal (the program in it gets SIGWINCH).
     *
     * @throws IllegalStateException when the command runs without a terminal
     */
    public void resize(TerminalSize size) {
        if (resizer == null) {
            throw new IllegalStateException("the command runs without a terminal");
        }
        resizer.resize(size);
    }

    /** Ends the command's standard input (it reads end-of-file); harmless to repeat. */
    public void closeStdin() throws IOException {
        if (stdinAttached && stdinClosed.compareAndSet(false, true)) {
            socket.shutdownOutput();
        }
    }

    /**
     * Sends {@code signal} to the command's main process ({@link ExecSignal#KILL} also kills its children).
     *
     * @return false when the process could not be reached (already gone, or not in this process namespace)
     */
    public boolean signal(ExecSignal signal) {
        Optional<ProcessHandle> handle = process();
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        ProcessHandle p = handle.get();
        switch (signal) {
            case KILL -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                return p.destroyForcibly();
            }
            case TERM -> {
                return p.destroy();
            }
            default -> {
                // Java can send only TERM and KILL; other signals go through kill(1). ProcessHandle.isAlive above
                // checked
                // the start time too, so a recycled pid is not signalled (barring a race of a few microseconds).
                try {
                    Process kill = new ProcessBuilder("kill", "-s", signal.name(), Long.toString(p.pid()))
                            .redirectErrorStream(true)
                            .start();
                    return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
                } catch (IOException e) {
                    log.warn("cannot run kill(1) to send {} to exec {}: {}", signal, execId, e.toString());
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** Kills the command and everything it started. */
    public void kill() {
        if (!exit.isDone() && !signal(ExecSignal.KILL)) {
            log.debug("exec {} could not be killed (gone already, or not in this process namespace)", execId);
        }
    }

    /** Closes the connection to the engine; the command keeps running unless it was killed. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing exec stream {} failed", execId, e);
        }
    }

    /**
     * The host process of the command. Docker reports the pid shortly after start, so ask a few times. The handle is
     * taken once and kept: its start time guards against signalling a recycled pid later.
     */
    private Optional<ProcessHandle> process() {
        ProcessHandle known = process;
        if (known != null) {
            return Optional.of(known);
        }
        long deadline = System.nanoTime() + PROBE_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            ExecState state = probe.probe();
            if (state.pid() > 0) {
                Optional<ProcessHandle> handle = ProcessHandle.of(state.pid());
                if (handle.isEmpty()) {
                    log.warn(
                            "process {} of exec {} is not visible here; run the operator in the node's process namespace"
                                    + " (hostPID) so commands can be signalled",
                            state.pid(),
                            execId);
                }
                handle.ifPresent(h -> process = h);
                return handle;
            }
            if (!state.running() && state.exitCode() != null) {
                return Optional.empty();
            }
            pause();
        }
        return Optional.empty();
    }

    /** Reads the exec's output to its end. */
    @FunctionalInterface
    private interface OutputReader {
        void readToEnd() throws IOException;
    }

    /** Reads all output, then completes {@link #exit()} with the exit code, or with the failure that ended the read. */
    private void pump(OutputReader reader) {
        try {
            reader.readToEnd();
            exit.complete(exitCode());
        } catch (IOException e) {
            exit.completeExceptionally(
                    new RuntimeUnavailableException("exec stream " + execId + " broke: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            exit.completeExceptionally(e);
        } finally {
            close();
        }
    }

    /** Without a terminal, output comes in Docker's frames: an 8-byte header (stream, length), then the payload. */
    private void readFrames(ExecOutput output) throws IOException {
        byte[] header = new byte[8];
        while (socket.readFully(header, 0, header.length)) {
            int length = ByteBuffer.wrap(header, 4, 4).getInt();
            byte[] payload = new byte[length];
            if (length > 0 && !socket.readFully(payload, 0, length)) {
                break;
            }
            if (length > 0) {
                output.onOutput(header[0] == 2, payload);
            }
        }
    }

    /** A terminal's output is one raw stream: no frame headers, stdout and stderr merged as the terminal shows them. */
    private void readTerminal(ExecOutput output) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = socket.readSome(buffer)) > 0) {
            output.onOutput(false, Arrays.copyOf(buffer, n));
        }
    }

    /** Docker may still report the exec as running for a moment after its output ended. */
    private Integer exitCode() {
        long deadline = System.nanoTime() + PROBE_PATIENCE.toNanos();
        ExecState state = probe.probe();
        // Usually already ended; if not, it ends within a millisecond or two, so ask again soon, then less often.
        for (int attempt = 0; state.running() && System.nanoTime() < deadline; attempt++) {
            pause(attempt);
            state = probe.probe();
        }
        return state.running() ? null : state.exitCode();
    }

    private static void pause() {
        pause(Integer.MAX_VALUE);
    }

    /** 1, 2, 4, 8 ms, then 10 ms for every further attempt. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(attempt >= 4 ? 10 : 1L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
