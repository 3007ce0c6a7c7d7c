package dev.sandbox.operator.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The isolation one sandbox container runs with, as data: chosen by the operator's policy
 * ({@code dev.sandbox.operator.model.SandboxSecurity}) and rendered, unchanged, by whoever makes the container (the
 * Docker runtime into a HostConfig, the benchmark into {@code docker run} flags). Nothing a tenant sends ends up here.
 *
 * @param dropCapabilities Linux capabilities taken away ({@code ALL} for every one)
 * @param addCapabilities capabilities given back after the drop (empty: none)
 * @param noNewPrivileges whether set-uid binaries and file capabilities are refused their privileges
 * @param seccompProfile path of a seccomp profile on the engine's host, or null for the engine's default profile
 *     (never {@code unconfined})
 * @param readOnlyRootFilesystem whether the image's file system is mounted read-only
 * @param tmpfs writable in-memory file systems (the read-only root has nowhere else to write but volumes)
 * @param pidsLimit maximum number of processes
 * @param ulimits resource limits set for every process
 * @param sysctls kernel settings of the container's own namespaces
 * @param init whether a tiny init runs as PID 1 (forwards signals, reaps zombies)
 * @param logs how much output the engine keeps
 */
public record SecurityProfile(
        List<String> dropCapabilities,
        List<String> addCapabilities,
        boolean noNewPrivileges,
        String seccompProfile,
        boolean readOnlyRootFilesystem,
        List<Tmpfs> tmpfs,
        long pidsLimit,
        List<Ulimit> ulimits,
        Map<String, String> sysctls,
        boolean init,
        LogLimits logs) {

    public SecurityProfile {
        dropCapabilities = List.copyOf(dropCapabilities);
        addCapabilities = List.copyOf(addCapabilities);
        tmpfs = List.copyOf(tmpfs);
        ulimits = List.copyOf(ulimits);
        // Kept in the order given, so rendered command lines are stable.
        sysctls = Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
        if (seccompProfile != null && (seccompProfile.isBlank() || seccompProfile.equals("unconfined"))) {
            throw new IllegalArgumentException("a sandbox always runs under a seccomp profile");
        }
    }

    /** The engine's {@code --security-opt} values this profile asks for. */
    public List<String> securityOptions() {
        List<String> options = new ArrayList<>();
        if (noNewPrivileges) {
            options.add("no-new-privileges:true");
        }
        if (seccompProfile != null) {
            options.add("seccomp=" + seccompProfile);
        }
        return List.copyOf(options);
    }

    /** The tmpfs mounts as the engine takes them: mount point to mount options. */
    public Map<String, String> tmpfsOptions() {
        Map<String, String> mounts = new LinkedHashMap<>();
        tmpfs.forEach(t -> mounts.put(t.path(), t.mountOptions()));
        return Collections.unmodifiableMap(mounts);
    }

    /** The limit named {@code name} (e.g. {@code nofile}), if the profile sets it. */
    public Optional<Ulimit> ulimit(String name) {
        return ulimits.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * A writable in-memory file system: never set-uid, never device files.
     *
     * @param path where it is mounted
     * @param sizeBytes its size cap
     * @param mode octal permissions of its root, e.g. {@code 1777}
     */
    public record Tmpfs(String path, long sizeBytes, String mode) {
        /** The mount options, as both {@code docker run --tmpfs} and the engine API take them. */
        public String mountOptions() {
            return "rw,nosuid,nodev,size=" + sizeBytes + ",mode=" + mode;
        }
    }

    /** A resource limit ({@code ulimit}) with its soft and hard values. */
    public record Ulimit(String name, long soft, long hard) {}

    /**
     * The engine's log driver and its size caps.
     *
     * @param driver log driver, e.g. {@code json-file}
     * @param maxSize size cap per file, e.g. {@code 10m}
     * @param maxFiles files kept
     */
    public record LogLimits(String driver, String maxSize, int maxFiles) {
        /** The driver's options: {@code max-size} and {@code max-file}. */
        public Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("max-size", maxSize);
            options.put("max-file", Integer.toString(maxFiles));
            return Collections.unmodifiableMap(options);
        }
    }
}
