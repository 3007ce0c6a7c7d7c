package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import java.util.List;

/**
 * What a tenant's sandboxes hold together, as counted against its limits. Every sandbox that exists counts (a stopped
 * one keeps its workspace and may be started again at any time); one being deleted no longer does.
 *
 * @param cpuMillis CPU in thousandths of a core
 */
record TenantUsage(int sandboxes, long cpuMillis, long memoryBytes, long diskBytes) {
    static final TenantUsage NONE = new TenantUsage(0, 0, 0, 0);

    static TenantUsage of(List<Sandbox> sandboxes) {
        TenantUsage total = NONE;
        for (Sandbox s : sandboxes) {
            if (s.getMetadata().getDeletionTimestamp() == null && s.getSpec() != null) {
                total = total.plus(of(s.getSpec()));
            }
        }
        return total;
    }

    /** What one sandbox of this spec holds. */
    static TenantUsage of(SandboxSpec spec) {
        SandboxResources r = spec.getResources() == null ? new SandboxResources() : spec.getResources();
        double cpu = r.getCpu() == null || r.getCpu().isNaN() ? SandboxResources.DEFAULT_CPU : r.getCpu();
        return new TenantUsage(
                1,
                Math.round(Math.min(cpu, 1e6) * 1000),
                bytes(r.getMemory(), SandboxResources.DEFAULT_MEMORY),
                disk(r));
    }

    /**
     * The sandbox's disk limit, read by name from the resources' JSON so that it counts whatever form the field takes
     * ({@code resources.disk}, a size such as {@code 10g}); 0 when the spec has none.
     */
    private static long disk(SandboxResources r) {
        JsonNode disk = Json.MAPPER.valueToTree(r).path("disk");
        if (disk.isTextual()) {
            return bytes(disk.asText(), "0");
        }
        return disk.canConvertToLong() ? Math.max(0, disk.asLong()) : 0;
    }

    private static long bytes(String size, String otherwise) {
        try {
            return Quantities.parseBytes(size == null ? otherwise : size);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** Sums saturate at Long.MAX_VALUE instead of wrapping round. */
    TenantUsage plus(TenantUsage other) {
        return new TenantUsage(
                sandboxes + other.sandboxes,
                saturated(cpuMillis, other.cpuMillis),
                saturated(memoryBytes, other.memoryBytes),
                saturated(diskBytes, other.diskBytes));
    }

    private static long saturated(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
