package dev.sandbox.dev;

import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.LabelledObject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run of this dev mode left behind. Its Kubernetes API lived in memory, so its sandboxes are gone with
 * it, but a run that was killed leaves their containers, networks and volumes on the engine and their mirror rows
 * live in PostgreSQL. Only objects carrying this dev mode's installation id are touched: another dev mode or a test
 * run on the same engine has its own id and keeps everything. Each removal is written to the history.
 */
final class Leftovers {
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);
    static final String REASON = "Leftover";

    private final ContainerRuntime runtime;
    private final SandboxRecords records;
    private final String installation;
    private final String node;

    /**
     * @param records where removals are recorded, or null when the database is already closed (then they are only logged)
     */
    Leftovers(ContainerRuntime runtime, SandboxRecords records, String installation, String node) {
        this.runtime = runtime;
        this.records = records;
        this.installation = installation;
        this.node = node;
    }

    /** Removes this installation's containers, then networks and volumes (no longer in use), and says how many. */
    void removeDockerObjects(String which) {
        Map<String, String> mine = SandboxNames.nodeSelector(installation, node);
        int containers = 0;
        for (ContainerState c : runtime.list(mine)) {
            runtime.remove(c.id());
            record(c.labels(), "container " + c.name(), which);
            containers++;
        }
        int networks = 0;
        for (LabelledObject n : runtime.listNetworks(mine)) {
            runtime.removeNetwork(n.name());
            record(n.labels(), "network " + n.name(), which);
            networks++;
        }
        int volumes = 0;
        for (LabelledObject v : runtime.listLabelledVolumes(mine)) {
            runtime.removeVolume(v.name());
            record(v.labels(), "volume " + v.name(), which);
            volumes++;
        }
        if (containers + networks + volumes > 0) {
            log.info(
                    "      removed {} containers, {} networks and {} volumes {}", containers, networks, volumes, which);
        }
    }

    /** Marks the mirror rows of sandboxes of the earlier run deleted, each with a history row saying why. */
    int markRecordsDeleted() throws SQLException {
        Instant now = Instant.now();
        int marked = 0;
        for (SandboxRecord row : records.liveOnNode(node, now)) {
            records.markDeleted(row.uid(), now);
            records.appendEvent(new SandboxEventRecord(
                    row.uid(),
                    row.namespace(),
                    row.name(),
                    "Deleted",
                    "Deleted",
                    REASON,
                    "marked deleted: dev mode stopped without the operator deleting it (last known phase " + row.phase()
                            + ")",
                    node,
                    now));
            marked++;
        }
        return marked;
    }

    private void record(Map<String, String> labels, String what, String which) {
        String uid = labels.get(SandboxNames.UID);
        if (records == null || uid == null) {
            return;
        }
        try {
            records.appendEvent(new SandboxEventRecord(
                    uid,
                    labels.get(SandboxNames.NAMESPACE),
                    labels.get(SandboxNames.NAME),
                    "LeftoverRemoved",
                    null,
                    REASON,
                    "removed " + what + " " + which,
                    node,
                    Instant.now()));
        } catch (SQLException e) {
            log.warn("      removed {}, but cannot write that to the history: {}", what, e.getMessage());
        }
    }
}
