package dev.sandbox.operator.schedule;

import dev.sandbox.operator.node.NodeRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Chooses a node for a sandbox. Pure: capacities and allocations in, a node name (or none) out. */
public final class Placement {
    private static final double EPSILON = 1e-9;

    private Placement() {}

    /** CPU cores and memory bytes, asked for or already given out. */
    public record Amount(double cpu, long memoryBytes) {
        public static final Amount ZERO = new Amount(0, 0);

        public Amount plus(Amount other) {
            return new Amount(cpu + other.cpu, memoryBytes + other.memoryBytes);
        }
    }

    /**
     * The live node with room for {@code request} that would be least loaded afterwards (so sandboxes spread), ties
     * broken by name; empty when no node has room.
     */
    public static Optional<String> choose(
            List<NodeRecord> nodes, Map<String, Amount> allocated, Amount request, Instant now) {
        return nodes.stream()
                .filter(n -> n.alive(now))
                .filter(n -> fits(n, allocated.getOrDefault(n.name(), Amount.ZERO), request))
                .min(Comparator.comparingDouble(
                                (NodeRecord n) -> loadAfter(n, allocated.getOrDefault(n.name(), Amount.ZERO), request))
                        .thenComparing(NodeRecord::name))
                .map(NodeRecord::name);
    }

    static boolean fits(NodeRecord node, Amount used, Amount request) {
        return used.cpu() + request.cpu() <= node.cpu() + EPSILON
                && used.memoryBytes() + request.memoryBytes() <= node.memoryBytes();
    }

    private static double loadAfter(NodeRecord node, Amount used, Amount request) {
        double cpu = node.cpu() <= 0 ? 1 : (used.cpu() + request.cpu()) / node.cpu();
        double memory = node.memoryBytes() <= 0
                ? 1
                : (double) (used.memoryBytes() + request.memoryBytes()) / node.memoryBytes();
        return Math.max(cpu, memory);
    }

    /** Why nothing fits, for the sandbox's status. */
    public static String unschedulableMessage(
            List<NodeRecord> nodes, Map<String, Amount> allocated, Amount request, Instant now) {
        String free = nodes.stream()
                .filter(n -> n.alive(now))
                .sorted(Comparator.comparing(NodeRecord::name))
                .map(n -> {
                    Amount used = allocated.getOrDefault(n.name(), Amount.ZERO);
                    return String.format(
                            Locale.ROOT,
                            "%s has %.1f CPUs and %d MiB free",
                            n.name(),
                            n.cpu() - used.cpu(),
                            (n.memoryBytes() - used.memoryBytes()) / (1024 * 1024));
                })
                .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                "no node has room for %.1f CPUs and %d MiB (%s)",
                request.cpu(),
                request.memoryBytes() / (1024 * 1024),
                free.isEmpty() ? "no node is reporting" : free);
    }
}
