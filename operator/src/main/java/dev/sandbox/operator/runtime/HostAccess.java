package dev.sandbox.operator.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * What the runtime does on the engine's host itself rather than through the engine, which has no call for it: file
 * modes and owners of volume directories, walking a volume to measure it, and killing a process by its host pid. It
 * works where this process sees the engine's data directory and processes (dev mode, or the node DaemonSet with the
 * Docker data directory mounted and hostPID); callers treat failures as "cannot be done from here".
 */
final class HostAccess {
    /** rwxrwxrwt, as /tmp: every sandbox user may write, nobody may remove another's files. */
    private static final int SHARED_MODE = 01777;
    /** rwxr-xr-x owned by root: how Docker and our own file systems hand out a new directory. */
    private static final int FRESH_DIRECTORY_MODE = 040755;

    private HostAccess() {}

    /** Makes a shared volume's root writable by all (sticky), whatever it was. */
    static void openToAll(Path root) throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(root, "unix:mode", SHARED_MODE);
    }

    /** As {@link #openToAll}, but only while the directory is as new (root's, 0755): a later chmod of a user stays. */
    static void openToAllIfFresh(Path root) throws IOException {
        boolean fresh = Files.getAttribute(root, "unix:mode").equals(FRESH_DIRECTORY_MODE)
                && (Integer) Files.getAttribute(root, "unix:uid") == 0;
        if (fresh) {
            Files.setAttribute(root, "unix:mode", SHARED_MODE);
        }
    }

    /**
     * Hands a workspace directory to a user (owner and group, rwxr-x---) while root still owns it; one the user owns
     * already (or anybody else) is left alone.
     */
    static void handTo(Path dir, int uid, int gid) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (((Integer) Files.getAttribute(dir, "unix:uid")) == 0) {
            Files.setAttribute(dir, "unix:uid", uid);
            Files.setAttribute(dir, "unix:gid", gid);
            view.setPermissions(PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    /** Bytes in the regular files under {@code root}, or -1 when it cannot be walked from here. */
    static long bytesUnder(Path root) {
        if (root == null || !Files.isDirectory(root)) {
            return -1;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(HostAccess::sizeOrZero)
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    /**
     * Kills a host process and everything it started.
     *
     * @return false when no such process is visible from this process
     */
    static boolean killProcessTree(long pid) {
        return ProcessHandle.of(pid)
                .map(process -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return true;
                })
                .orElse(false);
    }
}
