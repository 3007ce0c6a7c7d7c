package dev.sandbox.operator.agent;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks an uploaded zip or tar (optionally gzip-compressed) into a volume directory. The upload is spooled to the
 * staging area first, every entry name is checked (zip-slip: absolute names, {@code ..}, backslashes are a 400) and
 * the entry count and declared sizes are held against the caps (413) before anything is unpacked. It is then unpacked
 * into a staging tree, counting real bytes (a zip bomb stops at the cap), and only then merged into the volume.
 * Links, devices and other special entries are skipped.
 */
final class ArchiveUpload {
    private final AgentLimits limits;

    ArchiveUpload(AgentLimits limits) {
        this.limits = limits;
    }

    /** What was unpacked. */
    record Extracted(String path, int entries, long bytes, int skipped) {}

    private enum Format {
        ZIP,
        TAR,
        TAR_GZ
    }

    /** Receives each entry of an archive with its checked name. */
    private interface EntryHandler {
        void entry(List<String> names, boolean directory, boolean file, long size, InputStream content)
                throws IOException;
    }

    Extracted extract(VolumeFiles files, List<String> into, InputStream body) throws IOException {
        Path staging = files.newStagingDirectory();
        try {
            Path spooled = staging.resolve("upload");
            try (OutputStream out = Files.newOutputStream(spooled, StandardOpenOption.CREATE_NEW)) {
                copy(
                        body,
                        out,
                        limits.maxUploadBytes(),
                        "the upload is larger than the limit of " + limits.maxUploadBytes() + " bytes");
            }
            Format format = detect(spooled);
            long[] declared = new long[3];
            forEach(spooled, format, (names, directory, file, size, content) -> {
                if (!directory && !file) {
                    declared[2]++;
                    return;
                }
                declared[0]++;
                declared[1] += Math.max(0, size);
                if (declared[0] > limits.maxExtractEntries()) {
                    throw AgentException.tooLarge(
                            "path", "the archive has more than " + limits.maxExtractEntries() + " entries");
                }
                if (declared[1] > limits.maxExtractBytes()) {
                    throw AgentException.tooLarge(
                            "path", "the archive unpacks to more than " + limits.maxExtractBytes() + " bytes");
                }
            });
            Path tree = staging.resolve("tree");
            Files.createDirectory(tree);
            long[] written = new long[1];
            forEach(spooled, format, (names, directory, file, size, content) -> {
                Path target = tree.resolve(VolumePath.join(names));
                if (!target.normalize().startsWith(tree)) {
                    throw AgentException.invalid(
                            "path", "archive entry '" + VolumePath.join(names) + "' leaves the target directory");
                }
                try {
                    if (directory) {
                        Files.createDirectories(target);
                    } else if (file) {
                        Files.createDirectories(target.getParent());
                        try (OutputStream out = Files.newOutputStream(target)) {
                            written[0] += copy(
                                    content,
                                    out,
                                    limits.maxExtractBytes() - written[0],
                                    "the archive unpacks to more than " + limits.maxExtractBytes() + " bytes");
                        }
                    }
                } catch (FileAlreadyExistsException e) {
                    throw AgentException.invalid("path", "archive entries clash at '" + VolumePath.join(names) + "'");
                }
            });
            files.ownTree(tree);
            files.mergeIn(tree, into);
            return new Extracted(VolumePath.join(into), (int) declared[0], written[0], (int) declared[2]);
        } finally {
            VolumeFiles.deleteStaged(staging);
        }
    }

    private static Format detect(Path spooled) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(spooled)) {
            head = in.readNBytes(512);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            return Format.ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Format.TAR_GZ;
        }
        if (TarReader.looksLikeTar(head)) {
            return Format.TAR;
        }
        throw AgentException.invalid("extract", "the upload is not a zip, tar or tar.gz archive");
    }

    private static void forEach(Path spooled, Format format, EntryHandler handler) throws IOException {
        if (format == Format.ZIP) {
            try (ZipFile zip = new ZipFile(spooled.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    List<String> names = VolumePath.archiveEntry(entry.getName());
                    if (names.isEmpty()) {
                        continue;
                    }
                    try (InputStream content =
                            entry.isDirectory() ? InputStream.nullInputStream() : zip.getInputStream(entry)) {
                        handler.entry(names, entry.isDirectory(), !entry.isDirectory(), entry.getSize(), content);
                    }
                }
            } catch (ZipException e) {
                throw AgentException.invalid("extract", "the zip archive is damaged: " + e.getMessage());
            }
            return;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(spooled));
                InputStream in = format == Format.TAR_GZ ? new GZIPInputStream(raw) : raw) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
                List<String> names = VolumePath.archiveEntry(entry.name());
                if (names.isEmpty()) {
                    continue;
                }
                handler.entry(names, entry.isDirectory(), entry.isFile(), entry.size(), tar.content());
            }
        } catch (IOException e) {
            if (e instanceof EOFException || String.valueOf(e.getMessage()).startsWith("not a tar")) {
                throw AgentException.invalid("extract", "the tar archive is damaged: " + e.getMessage());
            }
            throw e;
        }
    }

    private static long copy(InputStream in, OutputStream out, long max, String tooLarge) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > max) {
                throw AgentException.tooLarge("path", tooLarge);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }
}
