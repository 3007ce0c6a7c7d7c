package dev.sandbox.operator.runtime;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copies a directory tree between two host directories the way {@code cp -a} does: contents, permission bits, owner
 * and group (numeric), modification times, and symbolic links as links (never followed, so a link in a sandbox's
 * workspace cannot make the copy read outside it). Special files (devices, sockets, pipes) are left out.
 */
final class VolumeCopy {
    private VolumeCopy() {}

    /** Removes everything inside {@code root}, keeping {@code root} itself. */
    static void empty(Path root) throws IOException {
        try (var children = Files.list(root)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                Files.walkFileTree(child, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
    }

    /** Copies the tree under {@code from} into {@code to}, owners and times kept; returns the bytes of regular files. */
    static long copy(Path from, Path to) throws IOException {
        long[] bytes = {0};
        // Directory times are set after their contents are written, or writing would move them.
        Deque<Path[]> directories = new ArrayDeque<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.createDirectory(target);
                }
                directories.push(new Path[] {dir, target});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    // The copy is a link pointing where the original points.
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                    owner(file, copy);
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    owner(file, copy);
                    bytes[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        while (!directories.isEmpty()) {
            Path[] pair = directories.pop();
            Files.setAttribute(
                    pair[1], "unix:mode", Files.getAttribute(pair[0], "unix:mode", LinkOption.NOFOLLOW_LINKS));
            owner(pair[0], pair[1]);
            Files.setLastModifiedTime(
                    pair[1], (FileTime) Files.getAttribute(pair[0], "lastModifiedTime", LinkOption.NOFOLLOW_LINKS));
        }
        return bytes[0];
    }

    private static void owner(Path source, Path target) throws IOException {
        Files.setAttribute(
                target,
                "unix:uid",
                Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(
                target,
                "unix:gid",
                Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
    }
}
