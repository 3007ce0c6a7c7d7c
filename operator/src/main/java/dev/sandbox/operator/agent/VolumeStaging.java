package dev.sandbox.operator.agent;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The staging area of one volume: a directory next to {@code _data}, on the same file system but invisible to the
 * sandbox, where new files and directories are made and given the volume owner's ids before they are renamed into
 * place. Writes are atomic that way, and no half-written file is ever visible.
 */
final class VolumeStaging {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path staging;
    private final int uid;
    private final int gid;

    /**
     * @param root the volume's directory on the node ({@code .../_data})
     * @param uid owner of what is made
     * @param gid group of what is made
     */
    VolumeStaging(Path root, int uid, int gid) {
        this.staging = root.getParent().resolve(".sandbox-staging");
        this.uid = uid;
        this.gid = gid;
    }

    /** A fresh name in the staging area (nothing is made there yet). */
    Path newPath() throws IOException {
        Files.createDirectories(staging);
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwx------"));
        return staging.resolve(UUID.randomUUID().toString());
    }

    /** The staging area itself, to move staged entries out of with {@code renameat}; the caller closes it. */
    SecureDirectoryStream<Path> open() throws IOException {
        return VolumeTree.openSecure(staging);
    }

    /** A fresh, empty directory outside the sandbox's view, on the volume's file system. The caller deletes it. */
    Path newDirectory() throws IOException {
        Path dir = newPath();
        Files.createDirectory(dir);
        return dir;
    }

    /** Gives everything under a staged tree the volume owner's ids and plain permissions before it is moved in. */
    void ownTree(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (!p.equals(tree)) {
                    Files.setPosixFilePermissions(p, Files.isDirectory(p, NOFOLLOW) ? DIR_MODE : FILE_MODE);
                    own(p);
                }
            }
        }
    }

    /** Removes a staged tree, quietly: whatever is left goes away with the volume. */
    static void delete(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left for the next cleanup: the staging area goes away with the volume.
        }
    }

    /** Makes the directory {@code at} names (absent so far) by staging it and renaming it into place. */
    void createDirectory(VolumeTree.Located at) throws IOException {
        Path temp = newPath();
        try {
            Files.createDirectory(temp);
            Files.setPosixFilePermissions(temp, DIR_MODE);
            own(temp);
            try (SecureDirectoryStream<Path> stage = open()) {
                stage.move(temp.getFileName(), at.dir, at.entry());
            } catch (FileSystemException e) {
                // Made concurrently by someone else: fine if it is a directory now.
                PosixFileAttributes now = VolumeTree.lstat(at.dir, at.name);
                if (now == null || !now.isDirectory()) {
                    throw AgentException.conflict(
                            "cannot create directory '" + VolumePath.join(at.path) + "': " + e.getMessage());
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Gives a staged entry the volume owner's ids. */
    void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
    }
}
