package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a named volume is mounted in a sandbox; the values of {@link CreateSandboxRequest#volumes()}, keyed by
 * volume name.
 *
 * <p>Note: the v1 gateway contract does not accept {@code volumes} yet and rejects requests that carry them; leave
 * {@link CreateSandboxRequest#volumes()} {@code null} against such a gateway.
 *
 * @param mountPath absolute path inside the sandbox, such as {@code /data}
 * @param readOnly whether to mount read-only; {@code null} for the volume's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeConfig(String mountPath, Boolean readOnly) {

    /**
     * A volume mounted read-write (or as the volume's default says) at {@code mountPath}.
     *
     * @param mountPath absolute path inside the sandbox
     * @return the mount
     */
    public static VolumeConfig at(String mountPath) {
        return new VolumeConfig(mountPath, null);
    }

    /**
     * A volume mounted read-only at {@code mountPath}.
     *
     * @param mountPath absolute path inside the sandbox
     * @return the mount
     */
    public static VolumeConfig readOnlyAt(String mountPath) {
        return new VolumeConfig(mountPath, true);
    }
}
