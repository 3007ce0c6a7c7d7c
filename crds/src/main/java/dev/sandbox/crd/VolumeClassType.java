package dev.sandbox.crd;

/** How the volumes of a {@link NetworkVolumeClass} are stored. */
public enum VolumeClassType {
    /**
     * A fixed-size ext4 file system per volume, made by the operator on the node (an image file attached to a loop
     * device): the size is a hard limit on bytes and inodes. The data lives on one node.
     */
    Disk,
    /** Memory of the node (a tmpfs): fast, size enforced, lost when the node restarts. The data lives on one node. */
    Tmpfs,
    /** A Docker volume driver with options fixed by the administrator (e.g. NFS through the local driver). */
    Driver
}
