package dev.sandbox.crd;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks of where network volumes are mounted: never over the system's directories or the workspace. */
final class MountChecks {
    /** Network volumes mounted into one sandbox. */
    static final int MAX_MOUNTS = 32;

    /** Paths a volume may not be mounted at (or under): the system's own directories and the workspace. */
    static final List<String> FORBIDDEN_MOUNT_ROOTS = List.of(
            "/proc",
            "/sys",
            "/dev",
            "/etc",
            "/bin",
            "/sbin",
            "/usr",
            "/lib",
            "/lib32",
            "/lib64",
            "/libx32",
            "/boot",
            "/run",
            "/var/run",
            "/workspace",
            "/tmp");

    private MountChecks() {}

    /** Why a mount path is not allowed, or null when it is. */
    static String mountPathProblem(String path) {
        if (path == null || !path.startsWith("/")) {
            return "must be an absolute path such as /data";
        }
        if (path.length() > 255 || path.indexOf('\0') >= 0 || path.contains(":") || path.contains(",")) {
            return "must be at most 255 characters without NUL, ':' or ','";
        }
        List<String> parts = List.of(path.split("/"));
        if (parts.contains("..") || parts.contains(".")) {
            return "must not contain '.' or '..' segments";
        }
        String normal = path.replaceAll("/+", "/").replaceAll("/$", "");
        if (normal.isEmpty()) {
            return "must not be / itself";
        }
        for (String root : FORBIDDEN_MOUNT_ROOTS) {
            if (normal.equals(root) || normal.startsWith(root + "/")) {
                return "must not be " + root + " or below it (system or workspace directory)";
            }
        }
        return null;
    }

    static void check(List<SandboxMount> mounts, FieldNames names, List<FieldError> errors) {
        if (mounts == null) {
            return;
        }
        if (mounts.size() > MAX_MOUNTS) {
            errors.add(new FieldError(names.mounts(), "at most " + MAX_MOUNTS + " network volumes can be mounted"));
            return;
        }
        Set<String> paths = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            SandboxMount m = mounts.get(i);
            String at = names.mount(i, m);
            if (m == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            String volumeField = names.mountVolume(i, m);
            if (m.volume() == null
                    || !SpecValidator.SUBDOMAIN.matcher(m.volume()).matches()) {
                errors.add(
                        new FieldError(volumeField, "must name a NetworkVolume (lowercase letters, digits and '-')"));
            } else if (!volumes.add(m.volume())) {
                errors.add(new FieldError(volumeField, "volume " + m.volume() + " is mounted twice"));
            }
            String problem = mountPathProblem(m.mountPath());
            if (problem != null) {
                errors.add(new FieldError(names.mountPath(i, m), problem));
            } else if (!paths.add(m.mountPath().replaceAll("/+$", ""))) {
                errors.add(new FieldError(names.mountPath(i, m), "two volumes are mounted at " + m.mountPath()));
            }
        }
    }
}
