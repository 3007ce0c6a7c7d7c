package dev.sandbox.operator.monitor;

import dev.sandbox.client.ResourceUse;
import dev.sandbox.crd.SandboxUsage;
import dev.sandbox.db.UsageSampleRecord;
import java.time.Instant;

/**
 * The resource use of one sandbox at one moment, as the sampler keeps it.
 *
 * @param uid UID of the Sandbox resource
 * @param namespace its namespace
 * @param name its name
 * @param sampledAt when Docker took the reading
 * @param use the numbers read
 */
public record UsageSample(String uid, String namespace, String name, Instant sampledAt, ResourceUse use) {

    /** As written into {@code status.usage}. */
    public SandboxUsage toStatus() {
        return new SandboxUsage(
                sampledAt.toString(),
                use.cpuPercent(),
                use.memoryBytes(),
                use.memoryLimitBytes(),
                use.pids(),
                use.networkRxBytes(),
                use.networkTxBytes(),
                use.blockReadBytes(),
                use.blockWriteBytes());
    }

    /** As stored in PostgreSQL. */
    public UsageSampleRecord toRecord(String node) {
        return new UsageSampleRecord(uid, node, sampledAt, use);
    }
}
