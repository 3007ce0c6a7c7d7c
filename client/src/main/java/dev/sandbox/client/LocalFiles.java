package dev.sandbox.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SDK's use of the caller's own disk: saving downloads safely and checksumming uploads. */
final class LocalFiles {
    private static final int BUFFER_BYTES = 64 * 1024;

    private LocalFiles() {}

    /** Copies a download to a file beside {@code target} and moves it into place once complete. */
    static DownloadedFile saveTo(InputStream in, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = null;
        try (InputStream body = in) {
            partial = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            MessageDigest sha256 = sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new DownloadedFile(target, size, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new SandboxConnectionException("the download to " + target + " failed: " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // A leftover .part file is harmless.
                }
            }
        }
    }

    /** The SHA-256 of a local file as lowercase hex, which the node checks an upload against. */
    static String sha256Of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha256 = sha256();
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchFileException e) {
            throw new SandboxValidationException("no local file " + file, "localFile");
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
