package dev.sandbox.operator.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Volumes on a node: workspaces and shared volumes, their own file systems and what they hold. */
public interface Volumes {
    /**
     * Creates the named volume with these labels unless it exists. With {@code diskBytes > 0} the volume is a file
     * system of that size of its own (see {@link DiskImages}), so writing past it fails with "No space left on device";
     * an existing one is (re)mounted, which a container start after a node restart needs. Plain when the node cannot
     * make such file systems.
     */
    void ensureVolume(String name, long diskBytes, Map<String, String> labels);

    /**
     * A shared volume of a Disk class: as {@link #ensureVolume} with a size, and writable by every sandbox user (sticky,
     * as /tmp) when first made.
     */
    void ensureSharedDisk(String name, long diskBytes, Map<String, String> labels);

    /** Bytes used and the size of a volume's own file system; empty when it has none (or it is not mounted here). */
    Optional<DiskImages.Usage> diskUsage(String volumeName);

    /** Whether volumes get file systems of their own on this node. */
    boolean diskLimitsEnforced();

    /** Names of the volumes that have a file system image on this node, Docker volume or not (for the leftover sweep). */
    List<String> diskVolumes();

    /** Removes a volume's file system (unmount, loop device, image) when it has one; its Docker volume must be gone. */
    void releaseDisk(String volumeName);

    /**
     * Creates a shared volume with a driver and driver options unless it exists; {@link VolumeRefusedException} when
     * the engine refuses the driver or options.
     */
    void ensureSharedVolume(String name, String driver, Map<String, String> options, Map<String, String> labels);

    /** Bytes stored in a volume, or -1 when it cannot be measured from here. */
    long volumeBytes(String name);

    /**
     * Makes the workspace volume mounted in this container writable by the image's user, which may not be root. Done
     * before the first start; harmless to repeat.
     */
    void prepareWorkspace(String containerId, String volumeName, String imageUser);

    /** Removes the volume and its own file system, if any; no error when it does not exist. */
    void removeVolume(String name);

    /** Volumes carrying all the given labels. */
    List<String> listVolumes(Map<String, String> labels);

    /** Volumes carrying all the given labels, with their labels. */
    List<LabelledObject> listLabelledVolumes(Map<String, String> labels);
}
