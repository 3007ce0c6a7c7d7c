package dev.sandbox.dev;

import dev.sandbox.operator.node.InstallationIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dev mode's state directory, held for the life of the process: an exclusive lock on {@code dev.lock} (a second dev
 * mode with the same directory refuses to start instead of taking the first one's database and sandboxes), the
 * installation id in {@code installation-id} (random, made on first use; every Docker object of this dev mode carries
 * it), and the means to stop a PostgreSQL server that a killed dev mode left running on this directory's data.
 */
final class StateDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateDirectory.class);
    static final String LOCK_FILE = "dev.lock";
    static final String INSTALLATION_FILE = "installation-id";

    private final Path home;
    private final FileChannel channel;
    private final FileLock lock;
    private final String installation;

    private StateDirectory(Path home, FileChannel channel, FileLock lock, String installation) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
        this.installation = installation;
    }

    /**
     * Locks the directory for this process, or throws with a message naming the process that holds it. Nothing is
     * changed when it is held by another.
     */
    static StateDirectory claim(Path home) {
        try {
            Files.createDirectories(home);
            Path lockFile = home.resolve(LOCK_FILE);
            FileChannel channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(lockFile).trim();
                channel.close();
                throw new IllegalStateException(
                        "another dev mode" + (holder.isEmpty() ? "" : " (process " + holder + ")")
                                + " is running with the state directory " + home
                                + "; stop it first, or start this one with its own SANDBOX_HOME"
                                + " (and its own SANDBOX_PORT and SANDBOX_KUBE_PORT)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new StateDirectory(home, channel, lock, installationId(home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the state directory " + home + ": " + e.getMessage(), e);
        }
    }

    private static String installationId(Path home) throws IOException {
        Path file = home.resolve(INSTALLATION_FILE);
        if (Files.isReadable(file)) {
            String saved = Files.readString(file).trim();
            if (InstallationIdentity.valid(saved)) {
                return saved;
            }
            log.warn(
                    "{} holds no valid installation id; making a new one (Docker objects of the old id are left alone)",
                    file);
        }
        String id = InstallationIdentity.newId();
        Files.writeString(file, id + "\n");
        return id;
    }

    /** The id every Docker object of this dev mode carries. */
    String installation() {
        return installation;
    }

    /**
     * Stops the PostgreSQL server that a killed dev mode left running on {@code dataDirectory} (its
     * {@code postmaster.pid} names a live postgres process). Safe because this process holds the directory's lock: no
     * running dev mode uses that server any more.
     *
     * @return the process id that was stopped
     */
    Optional<Long> stopAbandonedPostgres(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            // A stale file of a server that is gone: PostgreSQL itself checks the pid and starts over it.
            return Optional.empty();
        }
        log.info("      stopping PostgreSQL (process {}) left running by a dev mode that did not shut down", pid);
        ProcessHandle postgres = process.get();
        // SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for clients to leave); ProcessHandle sends only TERM
        // and KILL, so kill(1) sends it.
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            postgres.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!waitForExit(postgres, Duration.ofSeconds(10))) {
            log.warn("      PostgreSQL (process {}) did not stop within 10 s; killing it", pid);
            postgres.destroyForcibly();
            waitForExit(postgres, Duration.ofSeconds(5));
        }
        return Optional.of(pid);
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    Path home() {
        return home;
    }

    /** Releases the lock; the next dev mode may use the directory. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
