package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupStatsTest {
    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    Path cgroups() throws IOException {
        return Files.createDirectories(root.resolve("cgroup"));
    }

    Path proc() throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), """
        cpu  100 0 50 800 10 0 5 0 0 0
        cpu0 50 0 25 400 5 0 3 0 0 0
        cpu1 50 0 25 400 5 0 2 0 0 0
        intr 12345
        """);
        Path net = Files.createDirectories(proc.resolve("42/net"));
        Files.writeString(net.resolve("dev"), """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:  999       9    0    0    0     0          0         0      999       9    0    0    0     0       0          0
          eth0:  1000      10    0    0    0     0          0         0      400       4    0    0    0     0       0          0
        """);
        return proc;
    }

    static void write(Path dir, String name, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsCgroupV1InTheCgroupfsLayout() throws IOException {
        Path cg = cgroups();
        Path memory = cg.resolve("memory/docker/" + ID);
        write(memory, "memory.usage_in_bytes", "50000000\n");
        write(memory, "memory.limit_in_bytes", "268435456\n");
        write(memory, "memory.stat", "cache 100\ntotal_inactive_file 10000000\n");
        write(memory, "cgroup.procs", "42\n43\n");
        write(cg.resolve("cpuacct/docker/" + ID), "cpuacct.usage", "3000000000\n");
        write(cg.resolve("pids/docker/" + ID), "pids.current", "7\n");
        write(
                cg.resolve("blkio/docker/" + ID),
                "blkio.throttle.io_service_bytes",
                "8:0 Read 4096\n8:0 Write 8192\n8:0 Total 12288\nTotal 12288\n");

        ContainerStats s = new CgroupStats(cg, proc()).read(ID).orElseThrow();

        assertThat(s.cpuTotalNanos()).isEqualTo(3_000_000_000L);
        // (100 + 50 + 800 + 10 + 5) ticks of 10 ms.
        assertThat(s.systemCpuNanos()).isEqualTo(9_650_000_000L);
        assertThat(s.onlineCpus()).isEqualTo(2);
        assertThat(s.previousSystemCpuNanos()).isZero();
        assertThat(s.memoryUsedBytes()).isEqualTo(40_000_000L);
        assertThat(s.memoryLimitBytes()).isEqualTo(268_435_456L);
        assertThat(s.pids()).isEqualTo(7);
        assertThat(s.netRxBytes()).isEqualTo(1000);
        assertThat(s.netTxBytes()).isEqualTo(400);
        assertThat(s.blockReadBytes()).isEqualTo(4096);
        assertThat(s.blockWriteBytes()).isEqualTo(8192);
    }

    @Test
    void readsCgroupV2InTheSystemdLayout() throws IOException {
        Path cg = cgroups();
        write(cg, "cgroup.controllers", "cpu memory pids io\n");
        Path dir = cg.resolve("system.slice/docker-" + ID + ".scope");
        write(dir, "memory.current", "1000\n");
        write(dir, "memory.max", "max\n");
        write(dir, "memory.stat", "anon 500\ninactive_file 200\n");
        write(dir, "cpu.stat", "usage_usec 2500\nuser_usec 2000\n");
        write(dir, "pids.current", "3\n");
        write(dir, "io.stat", "8:0 rbytes=10 wbytes=20 rios=1 wios=2\n8:16 rbytes=1 wbytes=2\n");
        write(dir, "cgroup.procs", "");

        ContainerStats s = new CgroupStats(cg, proc()).read(ID).orElseThrow();

        assertThat(s.cpuTotalNanos()).isEqualTo(2_500_000L);
        assertThat(s.memoryUsedBytes()).isEqualTo(800);
        assertThat(s.memoryLimitBytes()).isZero();
        assertThat(s.pids()).isEqualTo(3);
        assertThat(s.blockReadBytes()).isEqualTo(11);
        assertThat(s.blockWriteBytes()).isEqualTo(22);
        assertThat(s.netRxBytes()).isZero();
    }

    @Test
    void isEmptyWhenTheContainerIsNotThereOrTheIdIsNotOne() throws IOException {
        CgroupStats stats = new CgroupStats(cgroups(), proc());
        assertThat(stats.read(ID)).isEmpty();
        assertThat(stats.read("../../etc")).isEmpty();
        assertThat(stats.read(null)).isEmpty();
    }
}
