package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a sandbox's files: its container's file system and a copy of its workspace, kept on the sandbox's node.
 * Start new sandboxes from it with {@link CreateSandboxRequest.Builder#snapshot(String)}.
 *
 * @param id the snapshot's id
 * @param sandbox the sandbox it was taken of
 * @param phase {@code Pending}, {@code Ready}, {@code Failed} or {@code Terminating}
 * @param reason a short machine-readable reason for the phase
 * @param message a human-readable explanation
 * @param memory whether process memory was captured (false: engines without CRIU checkpoints capture files only)
 * @param node the node that holds it; sandboxes started from it run there
 * @param image the image committed from the sandbox's container
 * @param sizeBytes bytes of the workspace copy plus the committed image's own layer
 * @param workspaceBytes bytes of the workspace copy
 * @param durationMs how long taking it took, in milliseconds
 * @param createdAt when it was asked for
 * @param readyAt when it was taken, or {@code null}
 * @param usedBy sandboxes started from it that still exist (it cannot be deleted while there are any)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotInfo(
        String id,
        String sandbox,
        String phase,
        String reason,
        String message,
        boolean memory,
        String node,
        String image,
        Long sizeBytes,
        Long workspaceBytes,
        Long durationMs,

        @JsonTimestamp Instant createdAt,

        @JsonTimestamp Instant readyAt,

        List<String> usedBy) {

    /**
     * Creates the description; an absent list becomes empty.
     *
     * @param id see the record description
     * @param sandbox see the record description
     * @param phase see the record description
     * @param reason see the record description
     * @param message see the record description
     * @param memory see the record description
     * @param node see the record description
     * @param image see the record description
     * @param sizeBytes see the record description
     * @param workspaceBytes see the record description
     * @param durationMs see the record description
     * @param createdAt see the record description
     * @param readyAt see the record description
     * @param usedBy see the record description
     */
    public SnapshotInfo {
        usedBy = usedBy == null ? List.of() : usedBy;
    }

    /**
     * Whether the snapshot is ready to start sandboxes from.
     *
     * @return {@code true} when ready
     */
    public boolean ready() {
        return "Ready".equals(phase);
    }
}
