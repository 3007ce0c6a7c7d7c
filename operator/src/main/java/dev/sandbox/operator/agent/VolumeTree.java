package dev.sandbox.operator.agent;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Walks the names of one volume's directory on the node, one name at a time with {@code openat}-style calls
 * ({@link SecureDirectoryStream}) that never follow a symbolic link implicitly. Links met on the way are resolved by
 * hand inside the volume: an absolute target counts from the volume's mount point in the container, and a target
 * outside the volume is refused. A sandbox swapping a directory for a link mid-walk can at most make the call fail.
 */
final class VolumeTree {
    private static final int MAX_LINKS = 40;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;
    private final String mountPath;

    /**
     * @param root the volume's directory on the node
     * @param mountPath where the volume is mounted in the container (for absolute symlink targets)
     */
    VolumeTree(Path root, String mountPath) {
        this.root = root;
        this.mountPath = mountPath;
    }

    /** Where a name was found: the directory holding it (open) and its attributes, null when it does not exist. */
    static final class Located implements Closeable {
        final SecureDirectoryStream<Path> dir;
        final String name;
        final PosixFileAttributes attrs;
        final List<String> path;

        Located(SecureDirectoryStream<Path> dir, String name, PosixFileAttributes attrs, List<String> path) {
            this.dir = dir;
            this.name = name;
            this.attrs = attrs;
            this.path = path;
        }

        boolean isRoot() {
            return name == null;
        }

        Path entry() {
            return Path.of(name);
        }

        /** 404 when the name does not exist. */
        Located requireExists() {
            if (attrs == null) {
                throw AgentException.notFound("no '" + VolumePath.join(path) + "' in the volume");
            }
            return this;
        }

        @Override
        public void close() throws IOException {
            dir.close();
        }
    }

    /**
     * Finds {@code names} below the root, one name at a time, never following a link implicitly. Links met on the way
     * (and the last name when {@code followLast}) are resolved inside the volume; one pointing outside is a 400.
     */
    Located locate(List<String> names, boolean followLast, String field) throws IOException {
        Deque<String> pending = new ArrayDeque<>(names);
        List<String> at = new ArrayList<>();
        SecureDirectoryStream<Path> dir = openRoot();
        int links = 0;
        try {
            while (!pending.isEmpty()) {
                String name = pending.removeFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    // Only link targets bring these; they may climb back up, but never above the root.
                    if (at.isEmpty()) {
                        throw outside(names, field);
                    }
                    at.remove(at.size() - 1);
                    dir.close();
                    dir = openAlong(at);
                    continue;
                }
                PosixFileAttributes attrs = lstat(dir, name);
                boolean last = pending.isEmpty();
                if (attrs != null && attrs.isSymbolicLink() && (!last || followLast)) {
                    if (++links > MAX_LINKS) {
                        throw AgentException.invalid(
                                field, "too many levels of symbolic links in '" + VolumePath.join(names) + "'");
                    }
                    Deque<String> next = new ArrayDeque<>(linkTarget(at, name, names, field));
                    next.addAll(pending);
                    pending = next;
                    at.clear();
                    dir.close();
                    dir = openRoot();
                    continue;
                }
                List<String> path = new ArrayList<>(at);
                path.add(name);
                if (last) {
                    return new Located(dir, name, attrs, path);
                }
                if (attrs == null) {
                    throw AgentException.notFound("no directory '" + VolumePath.join(path) + "' in the volume");
                }
                if (!attrs.isDirectory()) {
                    throw AgentException.conflict("'" + VolumePath.join(path) + "' is not a directory");
                }
                SecureDirectoryStream<Path> next = child(dir, name);
                dir.close();
                dir = next;
                at.add(name);
            }
            return new Located(
                    dir,
                    null,
                    dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes(),
                    List.of());
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** The names, from the root, that link {@code name} in directory {@code at} points to; 400 when that is outside. */
    private List<String> linkTarget(List<String> at, String name, List<String> asked, String field) throws IOException {
        // The target text is read by path; a concurrent swap can only change which in-volume path gets walked next.
        String target = Files.readSymbolicLink(root.resolve(VolumePath.join(at)).resolve(name))
                .toString();
        List<String> result = new ArrayList<>();
        if (target.startsWith("/")) {
            if (!(target.equals(mountPath) || target.startsWith(mountPath + "/"))) {
                throw outside(asked, field);
            }
            target = target.substring(mountPath.length());
        } else {
            result.addAll(at);
        }
        for (String part : target.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                result.add(part);
            }
        }
        return result;
    }

    private static AgentException outside(List<String> names, String field) {
        return AgentException.invalid(
                field, "'" + VolumePath.join(names) + "' leads outside the volume through a symbolic link");
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        return openSecure(root);
    }

    private SecureDirectoryStream<Path> openAlong(List<String> names) throws IOException {
        SecureDirectoryStream<Path> dir = openRoot();
        for (String name : names) {
            SecureDirectoryStream<Path> next;
            try {
                next = child(dir, name);
            } finally {
                dir.close();
            }
            dir = next;
        }
        return dir;
    }

    /** The subdirectory {@code name} of {@code dir}, opened without following a link; the caller closes it. */
    static SecureDirectoryStream<Path> child(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.newDirectoryStream(Path.of(name), NOFOLLOW);
        } catch (NoSuchFileException e) {
            throw AgentException.notFound("'" + name + "' disappeared while in use");
        } catch (FileSystemException e) {
            // A link or a file where a directory was a moment ago: the sandbox changed it under us.
            throw AgentException.conflict("'" + name + "' changed while in use: " + e.getReason());
        }
    }

    /**
     * Opens a directory of the node (the volume root or the agent's own staging area) for {@code openat}-style calls.
     * The caller closes the stream: every caller holds it in a try-with-resources block or in a {@link Located}, which
     * Error Prone cannot see through a returned value.
     */
    @SuppressWarnings("StreamResourceLeak")
    static SecureDirectoryStream<Path> openSecure(Path directory) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(directory);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("this platform offers no SecureDirectoryStream; volume files cannot be handled safely");
    }

    /** The attributes of {@code name} itself (a link is not followed), or null when it does not exist. */
    static PosixFileAttributes lstat(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The names in a directory, in the order the file system gives them. */
    static List<String> names(SecureDirectoryStream<Path> dir) {
        List<String> names = new ArrayList<>();
        for (Path p : dir) {
            names.add(p.getFileName().toString());
        }
        return names;
    }

    static String type(PosixFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return "symlink";
        }
        if (attrs.isDirectory()) {
            return "directory";
        }
        return attrs.isRegularFile() ? "file" : "other";
    }

    /** The permission bits as the four octal digits {@code ls} and {@code chmod} use, such as {@code 0644}. */
    static String mode(PosixFileAttributes attrs) {
        int bits = 0;
        for (PosixFilePermission p : attrs.permissions()) {
            bits |= bit(p);
        }
        return String.format("%04o", bits);
    }

    private static int bit(PosixFilePermission permission) {
        return switch (permission) {
            case OWNER_READ -> 0400;
            case OWNER_WRITE -> 0200;
            case OWNER_EXECUTE -> 0100;
            case GROUP_READ -> 040;
            case GROUP_WRITE -> 020;
            case GROUP_EXECUTE -> 010;
            case OTHERS_READ -> 04;
            case OTHERS_WRITE -> 02;
            case OTHERS_EXECUTE -> 01;
        };
    }

    /** A regular file's permissions when it has any, else {@code fallback}. */
    static Set<PosixFilePermission> permissionsOr(PosixFileAttributes attrs, Set<PosixFilePermission> fallback) {
        return attrs != null && attrs.isRegularFile() ? attrs.permissions() : fallback;
    }
}
