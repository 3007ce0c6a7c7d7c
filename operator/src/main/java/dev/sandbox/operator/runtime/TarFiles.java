package dev.sandbox.operator.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the first regular file out of a tar stream, as returned by Docker's archive API. Small files only. */
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
      long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).trim().replace("\0", "").isEmpty()
          ? "0" : new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
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

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int n = in.readNBytes(buf, 0, buf.length);
    return n == buf.length;
  }
}
