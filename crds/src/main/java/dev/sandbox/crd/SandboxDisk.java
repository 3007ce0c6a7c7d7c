package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How full the sandbox's workspace file system is. A value the operator measures and replaces whole on each look, so
 * a record: nothing mutates it in place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxDisk(
        @JsonPropertyDescription(
                "Bytes in use in the workspace file system (including what the file system keeps for itself).")
        Long usedBytes,

        @JsonPropertyDescription("Size of the workspace file system in bytes (`spec.resources.disk`).")
        Long limitBytes,

        @JsonPropertyDescription(
                "Whether the limit is enforced by a file system of that size; false on nodes that cannot make one (see the operator's log).")
        Boolean enforced) {}
