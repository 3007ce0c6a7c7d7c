package dev.sandbox.operator.runtime;

import dev.sandbox.db.DaemonThreads;
import dev.sandbox.operator.DiskConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-size file systems for workspaces and Disk-class volumes: one sparse image file per Docker volume, formatted
 * ext4 and attached to a loop device by {@code mount -o loop} (which marks the loop device to detach itself when the
 * file system is unmounted). Writing past the size fails with ENOSPC in the sandbox, and the inode count is bounded
 * with it (one inode per 16 KiB).
 *
 * <p>Layout under the configured directory (0700, root): {@code <volume>.img} and the mount point {@code <volume>/},
 * which holds {@code _data} (what the Docker volume binds into the container) and, beside it on the same file system,
 * the node agent's staging directory and ext4's {@code lost+found}, both out of the sandbox's sight.
 *
 * <p>Why the operator mounts the file system itself instead of handing the loop device to Docker's local driver: the
 * driver mounts a device only while a container uses the volume, so the node agent's file API would see an empty
 * directory while the sandbox is stopped; and a loop device number written into a volume's options could, after a
 * node restart, name another tenant's image. Here the mount is checked (and redone) before every container start, and
 * the name of everything comes from the Docker volume's name, which comes from the resource UID.
 */
public final class DiskImages {
    private static final Logger log = LoggerFactory.getLogger(DiskImages.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}");
    private static final String IMAGE_SUFFIX = ".img";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final boolean enabled;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    /**
     * File systems made ahead of need, by size, so that a create finds one ready instead of running {@code mkfs} on its
     * way (most of the cost of a workspace of its own). Kept on disk as {@code .spare-<bytes>-<id>.fs}: a restarted
     * operator uses the ones it finds, and two operators sharing the directory each take a spare by renaming it.
     */
    private final ConcurrentHashMap<Long, java.util.concurrent.ConcurrentLinkedDeque<Path>> spares =
            new ConcurrentHashMap<>();

    private final java.util.Set<Long> filling = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService filler =
            java.util.concurrent.Executors.newSingleThreadExecutor(DaemonThreads.named("disk-spares"));
    /** Spare file systems kept ready per size. */
    static final int SPARES = 2;

    private DiskImages(Path directory, boolean enabled) {
        this.directory = directory;
        this.enabled = enabled;
    }

    /** File systems as configured; off (with a warning saying why) when this process cannot make them. */
    public static DiskImages of(DiskConfig config) {
        if (!config.enabled()) {
            log.warn(
                    "workspace disk limits are turned off (SANDBOX_DISK_LIMITS=false): sandboxes can fill the node's disk");
            return new DiskImages(config.directory(), false);
        }
        String missing = missingTools();
        if (missing != null) {
            log.warn("workspace disk limits are off on this node: {}; sandboxes can fill the node's disk", missing);
            return new DiskImages(config.directory(), false);
        }
        return new DiskImages(config.directory(), true);
    }

    /** Off: every volume is a plain Docker volume. */
    public static DiskImages disabled() {
        return new DiskImages(Path.of(DiskConfig.DEFAULT_DIRECTORY), false);
    }

    private static String missingTools() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the operator does not run as root (mounting file systems needs it)";
        }
        for (String tool : List.of("mkfs.ext4", "mount", "umount", "truncate")) {
            boolean found = false;
            for (String dir : System.getenv()
                    .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                    .split(":")) {
                found |= Files.isExecutable(Path.of(dir, tool));
            }
            for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
                found |= Files.isExecutable(Path.of(dir, tool));
            }
            if (!found) {
                return tool + " is not installed";
            }
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "the node has no loop devices (/dev/loop-control)";
        }
        return null;
    }

    public boolean enabled() {
        return enabled;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Makes sure the volume's file system exists and is mounted; returns the directory the Docker volume binds
     * ({@code _data}). A new one gets {@code bytes}; creating a 1 GiB file system takes about 50 ms, since the image is
     * sparse and ext4 initialises its tables lazily. An existing one keeps the size it was made with: the kernel here
     * refuses to resize a mounted ext4, and shrinking could lose data ({@link #usage} reports the real size).
     */
    public Path ensure(String volume, long bytes) {
        check(volume);
        synchronized (locks.computeIfAbsent(volume, k -> new Object())) {
            try {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                Path image = image(volume);
                Path mountPoint = mountPoint(volume);
                if (!Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
                    if (takeSpare(bytes, image)) {
                        log.debug("volume {} took a ready {}-byte file system", volume, bytes);
                    } else {
                        Path partial = directory.resolve(volume + ".partial");
                        Files.deleteIfExists(partial);
                        format(partial, bytes);
                        Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
                        log.info("made a {}-byte file system for volume {}", bytes, volume);
                    }
                    fillSpares(bytes);
                }
                Files.createDirectories(mountPoint);
                if (!mounted(mountPoint)) {
                    run("mount", "-o", "loop,nosuid,nodev", image.toString(), mountPoint.toString());
                }
                Path data = mountPoint.resolve("_data");
                if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(data);
                }
                return data;
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot prepare the file system of volume " + volume + ": " + e.getMessage(), e);
            }
        }
    }

    /** A fresh, empty ext4 file system of {@code bytes} in a sparse file at {@code file}. */
    private static void format(Path file, long bytes) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        // No reserved blocks (the sandbox's user gets all of it); lazy init keeps mkfs of a large sparse file fast.
        // One inode per 16 KiB whatever the size (mke2fs would give small file systems one per 4 KiB).
        run(
                "mkfs.ext4",
                "-q",
                "-F",
                "-m",
                "0",
                "-i",
                "16384",
                "-E",
                "lazy_itable_init=1,lazy_journal_init=1",
                file.toString());
    }

    /** Moves a spare file system of {@code bytes} to {@code image}; false when none is ready (or another took it). */
    private boolean takeSpare(long bytes, Path image) {
        java.util.concurrent.ConcurrentLinkedDeque<Path> ready = sparesOf(bytes);
        for (Path spare = ready.poll(); spare != null; spare = ready.poll()) {
            try {
                Files.move(spare, image, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (IOException e) {
                // Taken by another operator sharing the directory, or removed: try the next one.
                log.debug("spare file system {} is gone: {}", spare, e.toString());
            }
        }
        return false;
    }

    private java.util.concurrent.ConcurrentLinkedDeque<Path> sparesOf(long bytes) {
        return spares.computeIfAbsent(bytes, b -> {
            java.util.concurrent.ConcurrentLinkedDeque<Path> found = new java.util.concurrent.ConcurrentLinkedDeque<>();
            String prefix = ".spare-" + b + "-";
            try (var entries = Files.list(directory)) {
                entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                        .forEach(p -> {
                            if (p.getFileName().toString().endsWith(".fs")) {
                                found.add(p);
                            } else {
                                deleteQuietly(p);
                            }
                        });
            } catch (IOException e) {
                log.debug("cannot list {}: {}", directory, e.toString());
            }
            return found;
        });
    }

    /** Makes spare file systems of {@code bytes} in the background until {@link #SPARES} are ready. */
    private void fillSpares(long bytes) {
        if (!filling.add(bytes)) {
            return;
        }
        filler.execute(() -> {
            try {
                java.util.concurrent.ConcurrentLinkedDeque<Path> ready = sparesOf(bytes);
                while (ready.size() < SPARES) {
                    String id = java.util.UUID.randomUUID().toString().substring(0, 8);
                    Path partial = directory.resolve(".spare-" + bytes + "-" + id + ".tmp");
                    Path spare = directory.resolve(".spare-" + bytes + "-" + id + ".fs");
                    try {
                        format(partial, bytes);
                        Files.move(partial, spare, StandardCopyOption.ATOMIC_MOVE);
                        ready.add(spare);
                    } catch (IOException | RuntimeException e) {
                        deleteQuietly(partial);
                        log.warn(
                                "cannot make a spare file system of {} bytes (creates make their own): {}",
                                bytes,
                                e.toString());
                        return;
                    }
                }
            } finally {
                filling.remove(bytes);
            }
        });
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", file, e.toString());
        }
    }

    /** The directory the Docker volume binds, when the volume has a file system of its own here. */
    public Optional<Path> dataDirectory(String volume) {
        if (!NAME.matcher(volume).matches() || !Files.exists(image(volume), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(mountPoint(volume).resolve("_data"));
    }

    /** Bytes in use and the file system's size, when it is mounted here. */
    public Optional<Usage> usage(String volume) {
        if (!NAME.matcher(volume).matches()) {
            return Optional.empty();
        }
        Path mountPoint = mountPoint(volume);
        try {
            Path image = image(volume);
            if (!Files.exists(image, LinkOption.NOFOLLOW_LINKS) || !mounted(mountPoint)) {
                return Optional.empty();
            }
            FileStore store = Files.getFileStore(mountPoint);
            return Optional.of(new Usage(store.getTotalSpace() - store.getUnallocatedSpace(), Files.size(image)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Bytes used and the limit of a volume's file system. */
    public record Usage(long usedBytes, long limitBytes) {}

    /**
     * Unmounts the file system (its loop device detaches itself) and deletes the image; nothing happens when the volume
     * has none. Call after the Docker volume is gone.
     */
    public void release(String volume) {
        if (!NAME.matcher(volume).matches()) {
            return;
        }
        synchronized (locks.computeIfAbsent(volume, k -> new Object())) {
            Path mountPoint = mountPoint(volume);
            Path image = image(volume);
            try {
                if (Files.isDirectory(mountPoint, LinkOption.NOFOLLOW_LINKS)) {
                    if (mounted(mountPoint)) {
                        run("umount", mountPoint.toString());
                    }
                    Files.delete(mountPoint);
                }
                boolean had = Files.deleteIfExists(image);
                Files.deleteIfExists(directory.resolve(volume + ".partial"));
                if (had) {
                    log.info("removed the file system of volume {}", volume);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot remove the file system of volume " + volume + ": " + e.getMessage(), e);
            } finally {
                locks.remove(volume);
            }
        }
    }

    /** Volume names that have an image (or a half-made one) here, for the sweep of leftovers. */
    public List<String> volumes() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (var entries = Files.list(directory)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(IMAGE_SUFFIX) || n.endsWith(".partial"))
                    .map(n -> n.substring(0, n.lastIndexOf('.')))
                    .filter(n -> NAME.matcher(n).matches())
                    .distinct()
                    .forEach(names::add);
        } catch (IOException e) {
            log.warn("cannot list {}: {}", directory, e.toString());
        }
        return names;
    }

    private Path image(String volume) {
        return directory.resolve(volume + IMAGE_SUFFIX);
    }

    private Path mountPoint(String volume) {
        return directory.resolve(volume);
    }

    /** A directory is a mount point when it lies on another device than its parent. */
    private static boolean mounted(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Object own = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Object parent = Files.getAttribute(dir.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS);
        return !own.equals(parent);
    }

    private static void check(String volume) {
        if (volume == null || !NAME.matcher(volume).matches()) {
            throw new IllegalArgumentException("not a volume name: " + volume);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(
                        String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + new String(output, 0, Math.min(output.length, 2000), StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }
}
