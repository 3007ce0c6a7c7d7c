package dev.sandbox.operator.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Minimal tar reading and writing for Docker's archive and build APIs. Small files only. */
final class TarFiles {
    private static final int BLOCK = 512;
    private static final int MAX_BYTES = 1 << 20;

    private TarFiles() {}

    static String firstFileContent(InputStream tar) throws IOException {
        byte[] header = new byte[BLOCK];
        while (readFully(tar, header)) {
            if (header[0] == 0) {
                return "";
            }
            long size = Long.parseLong(
                    new String(header, 124, 12, StandardCharsets.US_ASCII)
                                    .trim()
                                    .replace("\0", "")
                                    .isEmpty()
                            ? "0"
                            : new String(header, 124, 12, StandardCharsets.US_ASCII)
                                    .replace("\0", "")
                                    .trim(),
                    8);
            byte type = header[156];
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if ((type == '0' || type == 0) && size <= MAX_BYTES) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[BLOCK];
                long left = padded;
                while (left > 0 && readFully(tar, buf)) {
                    out.write(buf, 0, (int) Math.min(BLOCK, Math.max(0, size - (padded - left))));
                    left -= BLOCK;
                }
                return out.toString(StandardCharsets.UTF_8);
            }
            tar.skipNBytes(padded);
        }
        return "";
    }

    /** A tar archive of regular files (mode 0644) with the given paths and UTF-8 contents. */
    static byte[] write(java.util.Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var e : new java.util.TreeMap<>(files).entrySet()) {
            byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[BLOCK];
            if (name.length > 100) {
                // ustar splits long names into prefix (155) and name (100) at a slash.
                int split = e.getKey().lastIndexOf('/', 154);
                byte[] prefix = e.getKey().substring(0, split).getBytes(StandardCharsets.UTF_8);
                name = e.getKey().substring(split + 1).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(prefix, 0, header, 345, Math.min(prefix.length, 155));
            }
            System.arraycopy(name, 0, header, 0, Math.min(name.length, 100));
            octal(header, 100, 8, 0644);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, content.length);
            octal(header, 136, 12, 0);
            header[156] = '0';
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
            header[263] = '0';
            header[264] = '0';
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            octal(header, 148, 7, sum);
            header[155] = ' ';
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(int) ((BLOCK - content.length % BLOCK) % BLOCK)]);
        }
        out.writeBytes(new byte[BLOCK * 2]);
        return out.toByteArray();
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length - 1));
        header[offset + length - 1] = 0;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        return n == buf.length;
    }
}
