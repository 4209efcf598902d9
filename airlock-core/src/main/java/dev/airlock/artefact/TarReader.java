package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads tar headers and entry contents from a {@link GzipInput}, in memory, one block at a time. It
 * parses ustar and GNU headers and reports what it sees; the layout rules (which entries, in which
 * order, how large) are {@link ArtefactReader}'s. Not thread-safe.
 */
final class TarReader {
  static final int BLOCK = 512;

  /** Zero blocks allowed after the end marker: tar writers pad to their record size. */
  static final int MAX_PADDING_BYTES = 64 * 1024;

  /** A parsed header. */
  record Header(String name, char type, long size) {}

  private final GzipInput in;
  private final byte[] block = new byte[BLOCK];

  TarReader(GzipInput in) {
    this.in = in;
  }

  /**
   * Reads the next header.
   *
   * @return the header, or {@code null} at the end-of-archive marker
   */
  Header next() throws ArtefactException, IOException {
    if (!readBlock(true)) {
      throw layout("artefact tar stream ends without an end-of-archive marker");
    }
    if (isZero(block)) {
      return null;
    }
    verifyChecksum();
    char type = (char) (block[156] & 0xff);
    String name = name();
    long size = size(name);
    return new Header(name, type, size);
  }

  /** Reads an entry's content of {@code header.size()} bytes and skips its padding. */
  byte[] content(Header header) throws ArtefactException, IOException {
    byte[] content = new byte[Math.toIntExact(header.size())];
    readFully(content, content.length);
    int padding = (int) ((BLOCK - header.size() % BLOCK) % BLOCK);
    if (padding > 0) {
      readFully(block, padding);
    }
    return content;
  }

  /**
   * After the end marker: accepts only zero padding, bounded, then the end of the gzip stream
   * (whose trailer {@link GzipInput} checks).
   */
  void finish() throws ArtefactException, IOException {
    long padding = 0;
    int n;
    while ((n = in.read(block, 0, BLOCK)) >= 0) {
      for (int i = 0; i < n; i++) {
        if (block[i] != 0) {
          throw layout("artefact has data after the tar end-of-archive marker");
        }
      }
      padding += n;
      if (padding > MAX_PADDING_BYTES) {
        throw new ArtefactException(
            Reason.TOO_LARGE,
            "artefact has more than "
                + MAX_PADDING_BYTES
                + " bytes of padding after the tar end-of-archive marker");
      }
    }
  }

  private boolean readBlock(boolean eofAllowedAtStart) throws ArtefactException, IOException {
    int got = 0;
    while (got < BLOCK) {
      int n = in.read(block, got, BLOCK - got);
      if (n < 0) {
        if (got == 0 && eofAllowedAtStart) {
          return false;
        }
        throw layout("artefact tar stream is truncated inside a header");
      }
      got += n;
    }
    return true;
  }

  private void readFully(byte[] dest, int len) throws ArtefactException, IOException {
    int got = 0;
    while (got < len) {
      int n = in.read(dest, got, len - got);
      if (n < 0) {
        throw layout("artefact tar stream is truncated inside an entry");
      }
      got += n;
    }
  }

  private void verifyChecksum() throws ArtefactException {
    long stored = octal(148, 8, "checksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
    }
    if (stored != sum) {
      throw layout(
          "artefact tar header checksum mismatch: header says " + stored + ", computed " + sum);
    }
  }

  private String name() throws ArtefactException {
    String name = cString(0, 100);
    boolean posix = matches(257, "ustar\0") && matches(263, "00");
    boolean gnu = matches(257, "ustar  \0");
    if (!posix && !gnu) {
      throw layout("artefact tar header is not in ustar or GNU format");
    }
    if (posix) {
      String prefix = cString(345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    if (name.isEmpty()) {
      throw layout("artefact has an entry with an empty name");
    }
    return name;
  }

  private long size(String name) throws ArtefactException {
    if ((block[124] & 0x80) != 0) {
      // GNU base-256: only ever used for sizes of 8 GiB or more.
      if ((block[124] & 0x40) != 0) {
        throw layout("artefact entry " + Text.quote(name) + " has a negative size");
      }
      long v = block[124] & 0x3f;
      for (int i = 125; i < 136; i++) {
        if (v > (Long.MAX_VALUE >> 8)) {
          return Long.MAX_VALUE;
        }
        v = (v << 8) | (block[i] & 0xff);
      }
      return v;
    }
    return octal(124, 12, "size of entry " + Text.quote(name));
  }

  private long octal(int offset, int length, String field) throws ArtefactException {
    int i = offset;
    int end = offset + length;
    while (i < end && block[i] == ' ') {
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < end && block[i] >= '0' && block[i] <= '7'; i++, digits++) {
      v = (v << 3) | (block[i] - '0');
    }
    for (; i < end; i++) {
      if (block[i] != 0 && block[i] != ' ') {
        throw layout("artefact tar header has a malformed " + field + " field");
      }
    }
    if (digits == 0) {
      throw layout("artefact tar header has an empty " + field + " field");
    }
    return v;
  }

  private String cString(int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    return new String(block, offset, end - offset, StandardCharsets.UTF_8);
  }

  private boolean matches(int offset, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (block[offset + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static ArtefactException layout(String message) {
    return new ArtefactException(Reason.LAYOUT, message);
  }
}
