package dev.sandbox.dev;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM start one orderly shutdown, however the process was started.
 *
 * <p>A shell script that starts a program in the background ({@code java ... &}) starts it with SIGINT ignored, and the
 * JVM then leaves SIGINT ignored too: Ctrl+C or {@code kill -INT} would do nothing, and the sandboxes would stay. So an
 * ignored SIGINT or SIGTERM is first set back to its default (through the C library), and then both get a handler of
 * our own. The handler runs the shutdown on a thread of its own and then exits the JVM; a second signal during the
 * shutdown is only logged.
 */
final class ShutdownSignals {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    private ShutdownSignals() {}

    /** The C library's {@code signal(2)}. */
    interface CLibrary extends Library {
        Pointer signal(int signal, Pointer handler);
    }

    /**
     * Runs {@code shutdown} once on the first SIGINT or SIGTERM, then exits with status 0 (130 or 143 would make a
     * wrapping script report a failure for what is the normal way to stop).
     */
    static void install(Runnable shutdown) {
        for (int signal : new int[] {SIGINT, SIGTERM}) {
            if (ignored(signal)) {
                restoreDefault(signal);
            }
        }
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!stopping.compareAndSet(false, true)) {
                    log.info("SIG{} received; already stopping", name);
                    return;
                }
                Thread stopper = new Thread(
                        () -> {
                            log.info("SIG{} received: stopping", name);
                            try {
                                shutdown.run();
                            } finally {
                                System.exit(0);
                            }
                        },
                        "shutdown-on-signal");
                stopper.start();
            });
        }
    }

    /** Whether the signal is ignored in this process ({@code SigIgn} in {@code /proc/self/status}). */
    static boolean ignored(int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(
                            line.substring("SigIgn:".length()).trim(), 16);
                    return (mask & (1L << (signal - 1))) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or no /proc: nothing is known to be ignored.
        }
        return false;
    }

    private static void restoreDefault(int signal) {
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            // SIG_DFL is the null handler.
            c.signal(signal, null);
            log.debug(
                    "signal {} was ignored (started in the background by a script?); set back to its default", signal);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn(
                    "signal {} is ignored by this process and cannot be reset ({}); stop dev mode with SIGTERM",
                    signal,
                    e.toString());
        }
    }
}
