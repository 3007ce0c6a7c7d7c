package dev.sandbox.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of this process, which holds the operator and the gateway (and, in dev mode, the in-memory Kubernetes API and
 * the benchmark's own clients).
 *
 * @param rssBytes resident set size from {@code /proc/self/status} (VmRSS)
 * @param heapUsedBytes Java heap in use after a full collection
 * @param heapCommittedBytes Java heap the JVM holds from the OS
 */
record ProcessMemory(long rssBytes, long heapUsedBytes, long heapCommittedBytes) {

    /** Reads after two full collections, so the heap figure is live data rather than garbage not yet collected. */
    static ProcessMemory afterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return new ProcessMemory(
                rss(),
                memory.getHeapMemoryUsage().getUsed(),
                memory.getHeapMemoryUsage().getCommitted());
    }

    static long rss() {
        try {
            return parseRss(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
    }

    /** VmRSS in bytes from the text of a {@code /proc/<pid>/status} file. */
    static long parseRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in the process status");
    }
}
