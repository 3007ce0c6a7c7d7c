package dev.sandbox.db;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background threads of the production processes. They are daemons, so that a thread nobody stopped never keeps
 * a process alive after its ordered shutdown ({@link ProcessLifecycle}), and named, so that a thread dump says whose
 * they are.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Daemon threads that all carry {@code name} (an executor's threads, told apart by the dump's thread ids). */
    public static ThreadFactory named(String name) {
        return task -> daemon(task, name);
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, ... in the order they are made. */
    public static ThreadFactory numbered(String name) {
        AtomicInteger made = new AtomicInteger();
        return task -> daemon(task, name + "-" + made.incrementAndGet());
    }

    /** One daemon thread named {@code name} running {@code task}, started. */
    public static Thread start(String name, Runnable task) {
        Thread thread = daemon(task, name);
        thread.start();
        return thread;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
