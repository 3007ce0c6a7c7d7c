package dev.sandbox.db;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;

/**
 * How a production process (operator, gateway) starts and stops: a start it cannot make ends it with a line saying why
 * and a status telling a configuration error from a crash; SIGTERM runs one shutdown hook that stops its parts in order,
 * each failure logged and the rest still stopped (hooks of their own would run concurrently, and the database must
 * close last). Lives beside {@link ProcessLogging}, in the module every production process depends on.
 */
public final class ProcessLifecycle {
    /** Exit status for a configuration error or a database that is not ready for this version. */
    public static final int EXIT_CONFIG = 2;

    /** Exit status for a start that failed otherwise. */
    public static final int EXIT_FAILED = 1;

    private final Logger log;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param log the process's own logger, so that its start and stop lines carry its name */
    public ProcessLifecycle(Logger log) {
        this.log = log;
    }

    /**
     * One part to stop at shutdown.
     *
     * @param name what it is, for the log line when stopping it fails
     * @param stop what stops it
     */
    public record Part(String name, AutoCloseable stop) {}

    /** Ends the process with {@link #EXIT_CONFIG}, logging {@code cannot start: reason}. */
    public void refuse(String reason) {
        refuse(reason, EXIT_CONFIG);
    }

    /** Ends the process with {@code status}, logging {@code cannot start: reason}. */
    public void refuse(String reason, int status) {
        log.error("cannot start: {}", reason);
        System.exit(status);
    }

    /**
     * Registers the one shutdown hook: logs {@code stopping}, stops {@code parts} in their order, logs
     * {@code stoppedLine}, and lets {@link #awaitShutdown()} return.
     */
    public void stopInOrderOnShutdown(String stopping, List<Part> parts, String stoppedLine) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info(stopping);
                            for (Part part : parts) {
                                try {
                                    part.stop().close();
                                } catch (Exception e) {
                                    log.warn("stopping {} failed: {}", part.name(), e.toString());
                                }
                            }
                            log.info(stoppedLine);
                            stopped.countDown();
                        },
                        "shutdown"));
    }

    /** Runs {@code start}; when it throws, logs why and ends the process with {@link #EXIT_FAILED}. */
    public void start(Runnable start) {
        try {
            start.run();
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.getMessage(), e);
            System.exit(EXIT_FAILED);
        }
    }

    /** Waits until the shutdown hook has stopped everything (the JVM exits once it returns). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }
}
