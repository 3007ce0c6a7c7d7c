package dev.sandbox.operator;

import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.db.ProcessEnvironment;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the per-sandbox workspace file systems of a node.
 *
 * @param enabled give every workspace (and every NetworkVolume of a class of type Disk) a file system of its own size;
 *     needs root and {@code mkfs.ext4}, {@code mount} with loop devices on the node. Off: plain Docker volumes without
 *     a size limit (the operator says so in its log and in each sandbox's {@code status.disk.enforced})
 * @param directory where the image files and their mount points live on the node; not readable by others
 * @param maxBytes the cluster's largest {@code resources.disk}; larger requests are refused
 */
public record DiskConfig(boolean enabled, Path directory, long maxBytes) {

    public static final String DEFAULT_DIRECTORY = "/var/lib/sandbox/disks";

    public static DiskConfig defaults() {
        return new DiskConfig(true, Path.of(DEFAULT_DIRECTORY), 10L * 1024 * 1024 * 1024);
    }

    /** Reads {@code SANDBOX_DISK_LIMITS} (true/false), {@code SANDBOX_DISK_DIR} and {@code SANDBOX_MAX_DISK} (e.g. {@code 10g}). */
    public static DiskConfig fromEnvironment(Map<String, String> env) {
        DiskConfig d = defaults();
        ProcessEnvironment settings = new ProcessEnvironment(env);
        long max = settings.parsed("SANDBOX_MAX_DISK", Quantities::parseBytes, d.maxBytes());
        if (max < SpecValidator.MIN_DISK_BYTES) {
            throw new IllegalArgumentException("SANDBOX_MAX_DISK must be at least 16m");
        }
        return new DiskConfig(
                settings.flag("SANDBOX_DISK_LIMITS", d.enabled()),
                Path.of(settings.text("SANDBOX_DISK_DIR", DEFAULT_DIRECTORY)),
                max);
    }
}
