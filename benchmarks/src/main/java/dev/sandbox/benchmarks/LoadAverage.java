package dev.sandbox.benchmarks;

/**
 * The system load average, as {@code uptime} prints it: how busy the machine was around a run.
 *
 * @param one last minute
 * @param five last five minutes
 * @param fifteen last fifteen minutes
 */
public record LoadAverage(double one, double five, double fifteen) {

    static LoadAverage now() {
        return MachineInfo.read("/proc/loadavg").map(LoadAverage::parse).orElse(new LoadAverage(-1, -1, -1));
    }

    /** Parses the first three fields of {@code /proc/loadavg}. */
    static LoadAverage parse(String loadavg) {
        String[] f = loadavg.trim().split("\\s+");
        return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.2f, %.2f, %.2f", one, five, fifteen);
    }
}
