package dev.sandbox.operator.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a container's resource use straight from the kernel's cgroup files, as monitoring agents do, instead of asking
 * the Docker engine (whose stats call waits for its once-a-second collector and reads every container in turn, so a
 * node with hundreds of sandboxes needs many seconds per pass). Knows cgroup v1 and v2 with Docker's {@code cgroupfs}
 * and {@code systemd} layouts; anything else (cgroups not visible to this process, another layout) is empty, and the
 * caller asks the engine instead.
 *
 * <p>CPU is cumulative (its previous fields are 0, see {@link ContainerStats#since}); network counters come from the
 * container's network namespace through {@code /proc/<pid>/net/dev} of one of its processes, which needs this
 * process in the host's process namespace (as signalling commands does); without it they read 0.
 */
final class CgroupStats {
    /** Docker's system CPU time: clock ticks of all CPUs in /proc/stat, at the USER_HZ every Linux uses (100). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    private final Path cgroupRoot;
    private final Path proc;

    CgroupStats(Path cgroupRoot, Path proc) {
        this.cgroupRoot = cgroupRoot;
        this.proc = proc;
    }

    /** The host's cgroup and proc file systems. */
    static CgroupStats host() {
        return new CgroupStats(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    }

    /** A reading of the container with this full id, or empty when its cgroup cannot be found or read here. */
    Optional<ContainerStats> read(String containerId) {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            return Optional.empty();
        }
        try {
            Optional<ContainerStats> v2 = readV2(containerId);
            return v2.isPresent() ? v2 : readV1(containerId);
        } catch (IOException | RuntimeException e) {
            // The container stopped while being read, or the files look different: let the engine answer.
            return Optional.empty();
        }
    }

    private Optional<ContainerStats> readV1(String id) throws IOException {
        Path memory = group("memory", id);
        Path cpu = group("cpuacct", id);
        if (memory == null || cpu == null) {
            return Optional.empty();
        }
        Path pids = group("pids", id);
        Path blkio = group("blkio", id);
        long[] io = blkio == null ? new long[2] : v1BlockIo(blkio.resolve("blkio.throttle.io_service_bytes"));
        long inactive = statValue(memory.resolve("memory.stat"), "total_inactive_file");
        return Optional.of(reading(
                number(cpu.resolve("cpuacct.usage")),
                number(memory.resolve("memory.usage_in_bytes")),
                inactive,
                number(memory.resolve("memory.limit_in_bytes")),
                pids == null ? 0 : number(pids.resolve("pids.current")),
                io,
                firstProcess(memory.resolve("cgroup.procs"))));
    }

    private Optional<ContainerStats> readV2(String id) throws IOException {
        if (!Files.isRegularFile(cgroupRoot.resolve("cgroup.controllers"))) {
            return Optional.empty();
        }
        Path dir = existing(
                cgroupRoot.resolve("docker").resolve(id),
                cgroupRoot.resolve("system.slice").resolve("docker-" + id + ".scope"));
        if (dir == null) {
            return Optional.empty();
        }
        String max = Files.readString(dir.resolve("memory.max"), StandardCharsets.US_ASCII)
                .trim();
        long[] io = new long[2];
        Path ioStat = dir.resolve("io.stat");
        if (Files.isRegularFile(ioStat)) {
            for (String line : Files.readAllLines(ioStat, StandardCharsets.US_ASCII)) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("rbytes=")) {
                        io[0] += Long.parseLong(field.substring(7));
                    } else if (field.startsWith("wbytes=")) {
                        io[1] += Long.parseLong(field.substring(7));
                    }
                }
            }
        }
        Path pids = dir.resolve("pids.current");
        return Optional.of(reading(
                statValue(dir.resolve("cpu.stat"), "usage_usec") * 1000,
                number(dir.resolve("memory.current")),
                statValue(dir.resolve("memory.stat"), "inactive_file"),
                "max".equals(max) ? 0 : Long.parseLong(max),
                Files.isRegularFile(pids) ? number(pids) : 0,
                io,
                firstProcess(dir.resolve("cgroup.procs"))));
    }

    private ContainerStats reading(
            long cpuNanos, long memoryUsage, long inactive, long memoryLimit, long pids, long[] io, long pid)
            throws IOException {
        long[] net = network(pid);
        long[] system = systemCpu();
        return new ContainerStats(
                Instant.now(),
                cpuNanos,
                0,
                system[0],
                0,
                (int) system[1],
                memoryUsage,
                inactive,
                memoryLimit,
                pids,
                net[0],
                net[1],
                io[0],
                io[1]);
    }

    /** The container's directory of a v1 controller, in the cgroupfs or the systemd layout; null when neither exists. */
    private Path group(String controller, String id) {
        Path base = cgroupRoot.resolve(controller);
        return existing(
                base.resolve("docker").resolve(id), base.resolve("system.slice").resolve("docker-" + id + ".scope"));
    }

    private static Path existing(Path... candidates) {
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    /** The value of {@code key} in a "key value" file such as memory.stat or cpu.stat; 0 when absent. */
    private static long statValue(Path file, String key) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(0, space).equals(key)) {
                return Long.parseLong(line.substring(space + 1).trim());
            }
        }
        return 0;
    }

    /** Bytes read and written, from lines such as {@code 8:0 Read 4096}. */
    private static long[] v1BlockIo(Path file) throws IOException {
        long[] io = new long[2];
        if (!Files.isRegularFile(file)) {
            return io;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) {
                if (parts[1].equalsIgnoreCase("Read")) {
                    io[0] += Long.parseLong(parts[2]);
                } else if (parts[1].equalsIgnoreCase("Write")) {
                    io[1] += Long.parseLong(parts[2]);
                }
            }
        }
        return io;
    }

    private static long firstProcess(Path procs) throws IOException {
        if (!Files.isRegularFile(procs)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(procs, StandardCharsets.US_ASCII);
        return lines.isEmpty() || lines.get(0).isBlank()
                ? 0
                : Long.parseLong(lines.get(0).trim());
    }

    /** Bytes received and sent on every interface but loopback in the namespace of process {@code pid}; 0s when not visible. */
    private long[] network(long pid) throws IOException {
        long[] net = new long[2];
        Path dev = proc.resolve(Long.toString(pid)).resolve("net").resolve("dev");
        if (pid <= 0 || !Files.isRegularFile(dev)) {
            return net;
        }
        for (String line : Files.readAllLines(dev, StandardCharsets.US_ASCII)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            if (!name.equals("lo") && fields.length >= 9) {
                net[0] += Long.parseLong(fields[0]);
                net[1] += Long.parseLong(fields[8]);
            }
        }
        return net;
    }

    /** {system CPU nanoseconds, number of CPUs} from /proc/stat, as Docker computes them. */
    private long[] systemCpu() throws IOException {
        long ticks = 0;
        int cpus = 0;
        for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                // user nice system idle iowait irq softirq steal: what Docker's system_cpu_usage adds up.
                for (int i = 1; i <= 8 && i < fields.length; i++) {
                    ticks += Long.parseLong(fields[i]);
                }
            } else if (line.startsWith("cpu")) {
                cpus++;
            }
        }
        return new long[] {ticks * NANOS_PER_TICK, Math.max(1, cpus)};
    }
}
