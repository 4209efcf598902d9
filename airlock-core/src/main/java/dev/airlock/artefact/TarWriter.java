package dev.airlock.artefact;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ustar entries with fixed header fields (mode 0644, owner 0:0, no user or group names) so
 * the archive depends only on names, contents and the given modification time.
 */
final class TarWriter {
  private final OutputStream out;
  private final long mtimeSeconds;

  TarWriter(OutputStream out, long mtimeSeconds) {
    this.out = out;
    this.mtimeSeconds = mtimeSeconds;
  }

  void entry(String name, byte[] content) throws IOException {
    begin(name, content.length);
    out.write(content);
    end(content.length);
  }

  /** Writes an entry's header; its {@code size} content bytes follow, then {@link #end}. */
  void begin(String name, long size) throws IOException {
    byte[] h = new byte[TarReader.BLOCK];
    put(h, 0, name.getBytes(StandardCharsets.US_ASCII));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtimeSeconds);
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = '0';
    put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    out.write(h);
  }

  /** Pads an entry of {@code size} content bytes to the block size. */
  void end(long size) throws IOException {
    out.write(new byte[(int) ((TarReader.BLOCK - size % TarReader.BLOCK) % TarReader.BLOCK)]);
  }

  void finish() throws IOException {
    out.write(new byte[2 * TarReader.BLOCK]);
  }

  private static void put(byte[] h, int offset, byte[] value) {
    System.arraycopy(value, 0, h, offset, value.length);
  }

  /** Zero-padded octal digits followed by a NUL, filling {@code length} bytes. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    put(h, offset, padded.getBytes(StandardCharsets.US_ASCII));
    h[offset + length - 1] = 0;
  }
}
