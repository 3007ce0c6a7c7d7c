package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Turns Docker's raw statistics into {@link ResourceStats}, the way {@code docker stats} computes them. Pure. */
final class DockerStats {
  private DockerStats() {}

  static ResourceStats from(Statistics s) {
    double cpuPercent = cpuPercent(s.getCpuStats(), s.getPreCpuStats());
    long memory = 0;
    long limit = 0;
    if (s.getMemoryStats() != null) {
      memory = value(s.getMemoryStats().getUsage());
      limit = value(s.getMemoryStats().getLimit());
      if (s.getMemoryStats().getStats() != null) {
        // Page cache the kernel can drop is not "used": cgroup v1 reports total_inactive_file, v2 inactive_file.
        var stats = s.getMemoryStats().getStats();
        long inactive = stats.getTotalInactiveFile() != null ? stats.getTotalInactiveFile() : value(stats.getInactiveFile());
        memory = Math.max(0, memory - inactive);
      }
    }
    long rx = 0;
    long tx = 0;
    if (s.getNetworks() != null) {
      for (StatisticNetworksConfig n : s.getNetworks().values()) {
        rx += value(n.getRxBytes());
        tx += value(n.getTxBytes());
      }
    }
    long read = 0;
    long write = 0;
    List<BlkioStatEntry> io = s.getBlkioStats() == null ? null : s.getBlkioStats().getIoServiceBytesRecursive();
    if (io != null) {
      for (BlkioStatEntry e : io) {
        String op = e.getOp() == null ? "" : e.getOp().toLowerCase(Locale.ROOT);
        if (op.equals("read")) {
          read += value(e.getValue());
        } else if (op.equals("write")) {
          write += value(e.getValue());
        }
      }
    }
    long pids = s.getPidsStats() == null ? 0 : value(s.getPidsStats().getCurrent());
    String read0 = s.getRead();
    String timestamp = read0 == null || read0.startsWith("0001-") ? Instant.now().toString() : read0;
    return new ResourceStats(timestamp, cpuPercent, memory, limit, pids, rx, tx, read, write);
  }

  /** CPU use between the two readings in percent of one core, as {@code docker stats} shows it. */
  static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
    if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null) {
      return 0;
    }
    double cpuDelta = value(now.getCpuUsage().getTotalUsage()) - value(before.getCpuUsage().getTotalUsage());
    double systemDelta = value(now.getSystemCpuUsage()) - value(before.getSystemCpuUsage());
    long cpus = value(now.getOnlineCpus());
    if (cpus == 0 && now.getCpuUsage().getPercpuUsage() != null) {
      cpus = now.getCpuUsage().getPercpuUsage().size();
    }
    if (cpuDelta <= 0 || systemDelta <= 0 || cpus == 0) {
      return 0;
    }
    return Math.round(cpuDelta / systemDelta * cpus * 100.0 * 100.0) / 100.0;
  }

  private static long value(Long v) {
    return v == null ? 0 : v;
  }
}
