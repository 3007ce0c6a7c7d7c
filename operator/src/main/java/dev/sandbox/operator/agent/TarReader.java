package dev.sandbox.operator.agent;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tar stream entry by entry: POSIX ustar, with GNU long names and pax {@code path}/{@code size} records, as
 * Docker's archive API and common tools write them. Entry data is read through {@link #content()}.
 */
final class TarReader {
    private static final int BLOCK = 512;

    /** One entry: {@code type} is the tar type flag ('0' file, '5' directory, '2' symlink, ...). */
    record Entry(String name, char type, long size) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** Whether {@code header} is a tar header with a valid checksum (for telling tar from other data). */
    static boolean looksLikeTar(byte[] header) {
        if (header.length < BLOCK) {
            return false;
        }
        long stored;
        try {
            stored = number(header, 148, 8);
        } catch (IOException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return sum == stored && sum != 8 * ' ';
    }

    /** The next entry, or null at the end of the archive. Unread data of the previous entry is skipped. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        String paxPath = null;
        Long paxSize = null;
        byte[] header = new byte[BLOCK];
        while (true) {
            if (!readBlock(header)) {
                return null;
            }
            if (isZero(header)) {
                return null;
            }
            if (!looksLikeTar(header)) {
                throw new IOException("not a tar archive (bad header checksum)");
            }
            char type = (char) header[156];
            long size = number(header, 124, 12);
            if (type == 'L' || type == 'x' || type == 'g' || type == 'K') {
                if (size > 1 << 20) {
                    throw new IOException("tar metadata record of " + size + " bytes is too large");
                }
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) {
                    throw new EOFException("tar archive ends inside a metadata record");
                }
                in.skipNBytes(pad(size));
                if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (type == 'x') {
                    for (String record : pax(data)) {
                        if (record.startsWith("path=")) {
                            paxPath = record.substring(5);
                        } else if (record.startsWith("size=")) {
                            paxSize = Long.parseLong(record.substring(5));
                        }
                    }
                }
                continue;
            }
            String name = cString(header, 0, 100);
            String magic = cString(header, 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (longName != null) {
                name = longName;
            }
            if (paxPath != null) {
                name = paxPath;
            }
            if (paxSize != null) {
                size = paxSize;
            }
            boolean hasData = type != '5' && type != '2' && type != '1' && type != '3' && type != '4' && type != '6';
            remaining = hasData ? size : 0;
            padding = hasData ? pad(size) : 0;
            return new Entry(name, type, size);
        }
    }

    /** The data of the current entry; closing it does not close the archive. */
    InputStream content() {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    remaining--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                return n;
            }

            @Override
            public void close() {
                // The archive stays open for the next entry.
            }
        };
    }

    private void skipRest() throws IOException {
        if (remaining > 0) {
            in.skipNBytes(remaining);
            remaining = 0;
        }
        if (padding > 0) {
            in.skipNBytes(padding);
            padding = 0;
        }
    }

    private boolean readBlock(byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar archive ends inside a header");
        }
        return true;
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** An octal number field, or GNU base-256 when the high bit of the first byte is set. */
    private static long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        String text = cString(header, offset, length).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (bad number field)");
        }
    }

    private static String cString(byte[] data, int offset, int length) {
        int end = offset;
        while (end < offset + length && end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static List<String> pax(byte[] data) {
        List<String> records = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space >= data.length) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            if (length <= 0 || pos + length > data.length) {
                break;
            }
            records.add(new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8));
            pos += length;
        }
        return records;
    }
}
