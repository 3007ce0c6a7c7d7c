package dev.sandbox.operator.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Files of one volume, worked on through the volume's directory on the node ({@code .../volumes/<name>/_data}).
 *
 * <p>Why the node's directory and not a helper container: it works the same whether the sandbox runs, is stopped or
 * has no container at all, streams large files without a detour through Docker's tar archive API (which cannot write
 * into a read-only root filesystem anyway), and costs no container start per call. The price is that the operator
 * (root on the node) touches files the sandbox controls, so every path is walked one name at a time with
 * {@code openat}-style calls that never follow a symbolic link implicitly ({@link VolumeTree}); a sandbox swapping a
 * directory for a link mid-walk can at most make the call fail, it cannot make the agent read or write outside the
 * volume.
 *
 * <p>New files and directories are first made in a staging directory next to {@code _data} (invisible to the sandbox)
 * and then renamed into place ({@link VolumeStaging}): writes are atomic, and no half-written file is ever visible.
 * They belong to the owner of the volume's root, which is the sandbox's user.
 */
final class VolumeFiles {
    private static final int MAX_LISTED = 10_000;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final VolumeTree tree;
    private final VolumeStaging staging;

    private VolumeFiles(Path root, String mountPath, int uid, int gid) {
        this.tree = new VolumeTree(root, mountPath);
        this.staging = new VolumeStaging(root, uid, gid);
    }

    /**
     * @param mountpoint the volume's directory on the node
     * @param mountPath where the volume is mounted in the container (for absolute symlink targets)
     */
    static VolumeFiles open(String mountpoint, String mountPath) {
        return open(mountpoint, mountPath, null);
    }

    /**
     * As {@link #open(String, String)}; what is written belongs to {@code owner} ({uid, gid}) instead of the owner of
     * the volume root when one is given.
     */
    static VolumeFiles open(String mountpoint, String mountPath, int[] owner) {
        Path root = mountpoint == null ? null : Path.of(mountpoint);
        if (root == null || !Files.isDirectory(root, NOFOLLOW)) {
            throw AgentException.unavailable(
                    "the volume's data directory " + mountpoint + " is not visible to the node agent;"
                            + " run the operator with the Docker data directory mounted at the same path");
        }
        if (root.getFileName() == null || !root.getFileName().toString().equals("_data")) {
            throw AgentException.unavailable(
                    "volume data at " + mountpoint + " is not laid out like Docker's local driver");
        }
        try {
            return owner != null
                    ? new VolumeFiles(root, mountPath, owner[0], owner[1])
                    : new VolumeFiles(
                            root, mountPath, (Integer) Files.getAttribute(root, "unix:uid", NOFOLLOW), (Integer)
                                    Files.getAttribute(root, "unix:gid", NOFOLLOW));
        } catch (IOException e) {
            throw AgentException.unavailable("cannot read the volume's data directory: " + e.getMessage());
        }
    }

    // ---- reading ----

    /** The directory's entries, sorted by name (at most 10,000). */
    Listing list(List<String> names) throws IOException {
        try (VolumeTree.Located at = tree.locate(names, true, "path")) {
            at.requireExists();
            if (!at.attrs.isDirectory()) {
                throw AgentException.conflict("'" + VolumePath.join(at.path) + "' is not a directory");
            }
            List<FileEntry> entries = new ArrayList<>();
            boolean truncated = false;
            try (SecureDirectoryStream<Path> dir = at.isRoot() ? null : VolumeTree.child(at.dir, at.name)) {
                SecureDirectoryStream<Path> listed = dir == null ? at.dir : dir;
                for (Path p : listed) {
                    String name = p.getFileName().toString();
                    PosixFileAttributes attrs = VolumeTree.lstat(listed, name);
                    if (attrs == null) {
                        continue;
                    }
                    if (entries.size() == MAX_LISTED) {
                        truncated = true;
                        break;
                    }
                    entries.add(new FileEntry(
                            name,
                            VolumeTree.type(attrs),
                            attrs.size(),
                            VolumeTree.mode(attrs),
                            attrs.lastModifiedTime().toInstant().toString()));
                }
            }
            entries.sort(Comparator.comparing(FileEntry::name));
            return new Listing(VolumePath.join(at.path), entries, truncated);
        }
    }

    /** A directory listing. */
    record Listing(String path, List<FileEntry> entries, boolean truncated) {}

    /** An open regular file; the caller closes {@code content}. */
    record OpenFile(String name, long size, InputStream content) {}

    OpenFile read(List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw AgentException.invalid("path", "'path' names the volume root, which is a directory; list it instead");
        }
        try (VolumeTree.Located at = tree.locate(names, true, "path")) {
            at.requireExists();
            if (at.attrs.isDirectory()) {
                throw AgentException.conflict("'" + VolumePath.join(at.path) + "' is a directory; list it instead");
            }
            if (!at.attrs.isRegularFile()) {
                throw AgentException.invalid("path", "'" + VolumePath.join(at.path) + "' is not a regular file");
            }
            SeekableByteChannel channel = at.dir.newByteChannel(at.entry(), Set.of(StandardOpenOption.READ, NOFOLLOW));
            return new OpenFile(at.name, channel.size(), Channels.newInputStream(channel));
        }
    }

    /** Visits the tree at {@code names} (a directory, or a single file), skipping links and special files. */
    void walk(List<String> names, TreeVisitor visitor) throws IOException {
        try (VolumeTree.Located at = tree.locate(names, true, "path")) {
            at.requireExists();
            if (at.attrs.isRegularFile()) {
                try (InputStream in = Channels.newInputStream(
                        at.dir.newByteChannel(at.entry(), Set.of(StandardOpenOption.READ, NOFOLLOW)))) {
                    visitor.file(at.name, at.attrs.size(), in);
                }
                return;
            }
            if (!at.attrs.isDirectory()) {
                throw AgentException.invalid(
                        "path", "'" + VolumePath.join(at.path) + "' is neither a directory nor a regular file");
            }
            if (at.isRoot()) {
                walk(at.dir, "", visitor);
            } else {
                try (SecureDirectoryStream<Path> dir = VolumeTree.child(at.dir, at.name)) {
                    walk(dir, "", visitor);
                }
            }
        }
    }

    private void walk(SecureDirectoryStream<Path> dir, String prefix, TreeVisitor visitor) throws IOException {
        List<String> names = VolumeTree.names(dir);
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            PosixFileAttributes attrs = VolumeTree.lstat(dir, name);
            if (attrs == null || attrs.isSymbolicLink()) {
                continue;
            }
            if (attrs.isDirectory()) {
                visitor.directory(prefix + name);
                try (SecureDirectoryStream<Path> sub = VolumeTree.child(dir, name)) {
                    walk(sub, prefix + name + "/", visitor);
                }
            } else if (attrs.isRegularFile()) {
                try (InputStream in = Channels.newInputStream(
                        dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, NOFOLLOW)))) {
                    visitor.file(prefix + name, attrs.size(), in);
                }
            }
        }
    }

    /** Whether {@code names} is an existing directory (following links inside the volume). */
    boolean isDirectory(List<String> names) throws IOException {
        try (VolumeTree.Located at = tree.locate(names, true, "path")) {
            return at.attrs != null && at.attrs.isDirectory();
        }
    }

    // ---- writing ----

    /** Creates the directory and any missing parents; true when it did not exist before. */
    boolean makeDirectories(List<String> names, String field) throws IOException {
        boolean created = false;
        for (int i = 1; i <= names.size(); i++) {
            try (VolumeTree.Located at = tree.locate(names.subList(0, i), true, field)) {
                if (at.attrs == null) {
                    staging.createDirectory(at);
                    created = true;
                } else if (!at.attrs.isDirectory()) {
                    throw AgentException.conflict("'" + VolumePath.join(at.path) + "' exists and is not a directory");
                }
            }
        }
        return created;
    }

    /** What a write produced. */
    record Written(String path, long size, String sha256) {}

    /**
     * Writes {@code content} to the file (creating missing parent directories), replacing any file there atomically.
     *
     * @param expectedSha256 when given, the write is discarded unless the content has this SHA-256 (hex)
     */
    Written write(List<String> names, InputStream content, String expectedSha256, long maxBytes) throws IOException {
        if (names.isEmpty()) {
            throw AgentException.invalid("path", "'path' names the volume root; name a file");
        }
        makeDirectories(names.subList(0, names.size() - 1), "path");
        Path temp = staging.newPath();
        try {
            long size = 0;
            MessageDigest sha256 = sha256();
            try (OutputStream out =
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    size += n;
                    if (size > maxBytes) {
                        throw AgentException.tooLarge(
                                "path", "the file is larger than the limit of " + maxBytes + " bytes");
                    }
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String hex = HexFormat.of().formatHex(sha256.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(hex)) {
                throw AgentException.invalid(
                        "sha256",
                        "the content's SHA-256 is " + hex + ", not the expected " + expectedSha256
                                + "; nothing was written");
            }
            try (VolumeTree.Located at = tree.locate(names, true, "path");
                    SecureDirectoryStream<Path> stage = staging.open()) {
                if (at.attrs != null && at.attrs.isDirectory()) {
                    throw AgentException.conflict("'" + VolumePath.join(at.path) + "' is a directory");
                }
                Files.setPosixFilePermissions(temp, VolumeTree.permissionsOr(at.attrs, VolumeStaging.FILE_MODE));
                staging.own(temp);
                stage.move(temp.getFileName(), at.dir, at.entry());
                return new Written(VolumePath.join(at.path), size, hex);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes a file, a link (not its target) or a directory (with its content only when {@code recursive}). */
    void delete(List<String> names, boolean recursive) throws IOException {
        if (names.isEmpty()) {
            throw AgentException.invalid("path", "the volume root cannot be deleted");
        }
        try (VolumeTree.Located at = tree.locate(names, false, "path")) {
            at.requireExists();
            if (!at.attrs.isDirectory()) {
                at.dir.deleteFile(at.entry());
            } else if (recursive) {
                deleteTree(at.dir, at.name);
            } else {
                try {
                    at.dir.deleteDirectory(at.entry());
                } catch (DirectoryNotEmptyException e) {
                    throw AgentException.conflict(
                            "directory '" + VolumePath.join(at.path) + "' is not empty; delete with recursive=true");
                }
            }
        }
    }

    private void deleteTree(SecureDirectoryStream<Path> parent, String name) throws IOException {
        try (SecureDirectoryStream<Path> dir = VolumeTree.child(parent, name)) {
            for (String entry : VolumeTree.names(dir)) {
                PosixFileAttributes attrs = VolumeTree.lstat(dir, entry);
                if (attrs == null) {
                    continue;
                }
                if (attrs.isDirectory()) {
                    deleteTree(dir, entry);
                } else {
                    dir.deleteFile(Path.of(entry));
                }
            }
        }
        parent.deleteDirectory(Path.of(name));
    }

    /** Renames (moves) within the volume; an existing {@code to} is replaced only with {@code overwrite}. */
    void rename(List<String> from, List<String> to, boolean overwrite) throws IOException {
        if (from.isEmpty()) {
            throw AgentException.invalid("from", "the volume root cannot be moved");
        }
        if (to.isEmpty()) {
            throw AgentException.invalid("to", "'to' names the volume root");
        }
        makeDirectories(to.subList(0, to.size() - 1), "to");
        try (VolumeTree.Located source = tree.locate(from, false, "from");
                VolumeTree.Located target = tree.locate(to, false, "to")) {
            source.requireExists();
            if (target.attrs != null) {
                if (!overwrite) {
                    throw AgentException.conflict(
                            "'" + VolumePath.join(target.path) + "' exists; set \"overwrite\": true to replace it");
                }
                if (target.attrs.isDirectory() != source.attrs.isDirectory()) {
                    throw AgentException.conflict("cannot replace " + VolumeTree.type(target.attrs) + " '"
                            + VolumePath.join(target.path) + "' with a " + VolumeTree.type(source.attrs));
                }
            }
            try {
                source.dir.move(source.entry(), target.dir, target.entry());
            } catch (DirectoryNotEmptyException e) {
                throw AgentException.conflict("directory '" + VolumePath.join(target.path) + "' is not empty");
            } catch (FileSystemException e) {
                throw AgentException.invalid(
                        "to",
                        "cannot move '" + VolumePath.join(source.path) + "' to '" + VolumePath.join(target.path) + "': "
                                + e.getReason());
            }
        }
    }

    /**
     * Moves everything in {@code stagedTree} (a directory made by {@link #newStagingDirectory()}) into the volume
     * directory {@code names}, merging with directories already there and replacing files.
     */
    void mergeIn(Path stagedTree, List<String> names) throws IOException {
        makeDirectories(names, "path");
        try (VolumeTree.Located at = tree.locate(names, true, "path")) {
            SecureDirectoryStream<Path> into = at.isRoot() ? at.dir : VolumeTree.child(at.dir, at.name);
            try (SecureDirectoryStream<Path> from = VolumeTree.openSecure(stagedTree)) {
                checkMerge(from, into, names);
            }
            try (SecureDirectoryStream<Path> from = VolumeTree.openSecure(stagedTree)) {
                merge(from, into);
            } finally {
                if (!at.isRoot()) {
                    into.close();
                }
            }
        }
    }

    /** Refuses, before anything moves, a merge that would put a file where a directory is or the other way round. */
    private void checkMerge(SecureDirectoryStream<Path> from, SecureDirectoryStream<Path> into, List<String> where)
            throws IOException {
        for (String name : VolumeTree.names(from)) {
            PosixFileAttributes mine = VolumeTree.lstat(from, name);
            PosixFileAttributes theirs = VolumeTree.lstat(into, name);
            if (mine == null || theirs == null) {
                continue;
            }
            List<String> path = new ArrayList<>(where);
            path.add(name);
            if (mine.isDirectory() && theirs.isDirectory()) {
                try (SecureDirectoryStream<Path> a = VolumeTree.child(from, name);
                        SecureDirectoryStream<Path> b = VolumeTree.child(into, name)) {
                    checkMerge(a, b, path);
                }
            } else if (mine.isDirectory() || theirs.isDirectory()) {
                throw AgentException.conflict("'" + VolumePath.join(path) + "' is a " + VolumeTree.type(theirs)
                        + " in the volume but a " + VolumeTree.type(mine) + " in the archive; nothing was extracted");
            }
        }
    }

    private void merge(SecureDirectoryStream<Path> from, SecureDirectoryStream<Path> into) throws IOException {
        for (String name : VolumeTree.names(from)) {
            PosixFileAttributes mine = VolumeTree.lstat(from, name);
            PosixFileAttributes theirs = VolumeTree.lstat(into, name);
            if (mine == null) {
                continue;
            }
            if (mine.isDirectory() && theirs != null && theirs.isDirectory()) {
                try (SecureDirectoryStream<Path> a = VolumeTree.child(from, name);
                        SecureDirectoryStream<Path> b = VolumeTree.child(into, name)) {
                    merge(a, b);
                }
            } else {
                if (theirs != null && theirs.isSymbolicLink()) {
                    into.deleteFile(Path.of(name));
                }
                from.move(Path.of(name), into, Path.of(name));
            }
        }
    }

    // ---- staging ----

    /** A fresh, empty directory outside the sandbox's view, on the volume's file system. The caller deletes it. */
    Path newStagingDirectory() throws IOException {
        return staging.newDirectory();
    }

    /** Gives everything under a staged tree the volume owner's ids and plain permissions before it is moved in. */
    void ownTree(Path tree) throws IOException {
        staging.ownTree(tree);
    }

    static void deleteStaged(Path tree) {
        VolumeStaging.delete(tree);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
