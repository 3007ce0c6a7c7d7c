package dev.sandbox.operator.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a tree as a zip stream. The tree is walked twice: first to count entries and bytes against the caps (so an
 * oversized export is a clean 413 before anything is sent), then to write. Names that some unzip tools would place
 * outside the target directory (a backslash, a {@code ..} part) are left out.
 */
final class ZipExport {
    private final long maxBytes;
    private final int maxEntries;

    ZipExport(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Counts and checks; 413 when the tree is over a cap. */
    void check(TreeSource source) throws IOException {
        long[] totals = new long[2];
        source.walk(new TreeVisitor() {
            @Override
            public void directory(String name) {
                count(name, 0);
            }

            @Override
            public void file(String name, long size, InputStream content) {
                count(name, size);
            }

            private void count(String name, long size) {
                if (!safe(name)) {
                    return;
                }
                totals[0]++;
                totals[1] += size;
                if (totals[0] > maxEntries) {
                    throw AgentException.tooLarge(
                            "path", "the folder has more than " + maxEntries + " entries, the most an export may have");
                }
                if (totals[1] > maxBytes) {
                    throw AgentException.tooLarge(
                            "path", "the folder holds more than " + maxBytes + " bytes, the most an export may have");
                }
            }
        });
    }

    /** Writes the zip; stops with an error when the tree grew past a cap since {@link #check}. */
    void write(TreeSource source, Supplier<OutputStream> target) throws IOException {
        OutputStream out = target.get();
        ZipOutputStream zip = new ZipOutputStream(out);
        long[] totals = new long[2];
        source.walk(new TreeVisitor() {
            @Override
            public void directory(String name) throws IOException {
                if (safe(name) && ++totals[0] <= maxEntries) {
                    zip.putNextEntry(new ZipEntry(name + "/"));
                    zip.closeEntry();
                }
            }

            @Override
            public void file(String name, long size, InputStream content) throws IOException {
                if (!safe(name)) {
                    return;
                }
                if (++totals[0] > maxEntries) {
                    throw new IOException("the folder grew past " + maxEntries + " entries during the export");
                }
                zip.putNextEntry(new ZipEntry(name));
                byte[] buffer = new byte[64 * 1024];
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    totals[1] += n;
                    if (totals[1] > maxBytes) {
                        throw new IOException("the folder grew past " + maxBytes + " bytes during the export");
                    }
                    zip.write(buffer, 0, n);
                }
                zip.closeEntry();
            }
        });
        zip.finish();
        out.flush();
    }

    static boolean safe(String name) {
        if (name.isEmpty() || name.indexOf('\\') >= 0 || name.startsWith("/")) {
            return false;
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
