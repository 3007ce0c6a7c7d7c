package dev.sandbox.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The one-file tar archives Docker's archive API takes and gives (what {@code docker cp} sends). Pure. */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /** An archive holding one regular file (mode 0644) owned by {@code uid:gid}. */
    static byte[] oneFile(String name, byte[] content, int uid, int gid) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || name.contains("/")) {
            throw new IllegalArgumentException("a plain file name of at most 100 bytes is needed, was " + name);
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, uid);
        octal(header, 116, 8, gid);
        octal(header, 124, 12, content.length);
        octal(header, 136, 12, System.currentTimeMillis() / 1000);
        header[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 3 * BLOCK);
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** The content of the first regular file in the archive; fails when there is none. */
    static byte[] firstFile(InputStream tar) throws IOException {
        byte[] header = new byte[BLOCK];
        while (tar.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
            long size = Long.parseLong(
                    new String(header, 124, 12, StandardCharsets.US_ASCII)
                            .replace("\0", "")
                            .trim(),
                    8);
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            byte type = header[156];
            if (type == '0' || type == 0) {
                byte[] content = tar.readNBytes((int) size);
                if (content.length != size) {
                    throw new IOException("archive ends inside a file (" + content.length + " of " + size + " bytes)");
                }
                return content;
            }
            tar.skipNBytes(padded);
        }
        throw new IOException("archive holds no regular file");
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        byte[] bytes =
                ("0".repeat(Math.max(0, length - 1 - digits.length())) + digits).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length - 1));
        header[offset + length - 1] = 0;
    }
}
