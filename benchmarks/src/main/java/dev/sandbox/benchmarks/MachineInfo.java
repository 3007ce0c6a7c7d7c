package dev.sandbox.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a run was measured on.
 *
 * @param cores processors the JVM sees
 * @param cpuModel model name from {@code /proc/cpuinfo}
 * @param memoryBytes total memory from {@code /proc/meminfo}
 * @param kernel kernel release
 * @param docker Docker engine version
 * @param javaVersion Java runtime name and version
 */
public record MachineInfo(
        int cores, String cpuModel, long memoryBytes, String kernel, String docker, String javaVersion) {

    static MachineInfo probe(String dockerVersion) {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                readCpuModel(),
                readMemTotal(),
                read("/proc/sys/kernel/osrelease")
                        .orElse(System.getProperty("os.version"))
                        .trim(),
                dockerVersion,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static String readCpuModel() {
        return read("/proc/cpuinfo")
                .flatMap(text -> text.lines()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst())
                .orElse("unknown");
    }

    private static long readMemTotal() {
        return read("/proc/meminfo")
                .flatMap(text -> text.lines()
                        .filter(l -> l.startsWith("MemTotal:"))
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                        .findFirst())
                .orElse(Runtime.getRuntime().maxMemory());
    }

    static Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
