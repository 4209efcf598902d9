package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict reader of exactly one gzip member (RFC 1952). Unlike {@link
 * java.util.zip.GZIPInputStream} it refuses a second member and trailing bytes, checks the header
 * CRC when present, and reports truncation and corruption as {@link ArtefactException}s.
 *
 * <p>Every raw byte read is also fed to a digest, so the caller learns the SHA-256 of the file in
 * the same pass. Not thread-safe.
 */
final class GzipInput implements AutoCloseable {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;
  private static final int MAX_HEADER_STRING = 1024;

  private final InputStream in;
  private final MessageDigest rawDigest;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private long rawBytes;
  private long produced;
  private boolean finished;

  GzipInput(InputStream in, MessageDigest rawDigest) throws ArtefactException, IOException {
    this.in = in;
    this.rawDigest = rawDigest;
    readHeader();
  }

  /**
   * Reads decompressed bytes.
   *
   * @return bytes read, or -1 at the end of the member (after its trailer was checked)
   */
  int read(byte[] b, int off, int len) throws ArtefactException, IOException {
    if (finished) {
      return -1;
    }
    while (true) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw corrupt("artefact gzip data is corrupt (" + e.getMessage() + ")");
      }
      if (n > 0) {
        crc.update(b, off, n);
        produced += n;
        return n;
      }
      if (inflater.finished()) {
        pos = lim - inflater.getRemaining();
        readTrailer();
        return -1;
      }
      if (inflater.needsDictionary()) {
        throw corrupt("artefact gzip data needs a preset dictionary; artefacts never use one");
      }
      if (inflater.needsInput()) {
        if (pos >= lim && !fill()) {
          throw truncated();
        }
        inflater.setInput(buf, pos, lim - pos);
        pos = lim;
      }
    }
  }

  /** Total decompressed bytes produced so far. */
  long produced() {
    return produced;
  }

  private void readHeader() throws ArtefactException, IOException {
    CRC32 headerCrc = new CRC32();
    int id1 = next();
    int id2 = next();
    if (id1 != 0x1f || id2 != 0x8b) {
      String found =
          id1 < 0
              ? "an empty file"
              : String.format(Locale.ROOT, "first bytes %02x %02x", id1, Math.max(id2, 0));
      String hint = id1 == 'P' && id2 == 'K' ? " (this looks like a zip file)" : "";
      throw new ArtefactException(
          Reason.COMPRESSION,
          "artefact is not gzip-compressed: expected first bytes 1f 8b, found " + found + hint,
          "1f 8b",
          found,
          null);
    }
    int cm = headerByte(headerCrc, id1, id2);
    if (cm != 8) {
      throw corrupt("artefact gzip header names compression method " + cm + "; only deflate (8)");
    }
    int flags = headerByte(headerCrc);
    if ((flags & RESERVED) != 0) {
      throw corrupt("artefact gzip header has reserved flag bits set");
    }
    for (int i = 0; i < 6; i++) {
      headerByte(headerCrc); // MTIME, XFL, OS: informational only
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = headerByte(headerCrc) | headerByte(headerCrc) << 8;
      for (int i = 0; i < xlen; i++) {
        headerByte(headerCrc);
      }
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated(headerCrc, "file name");
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated(headerCrc, "comment");
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) (headerCrc.getValue() & 0xffff);
      int stored = nextOrTruncated() | nextOrTruncated() << 8;
      if (stored != expected) {
        throw corrupt("artefact gzip header CRC mismatch");
      }
    }
  }

  private int headerByte(CRC32 headerCrc, int... already) throws ArtefactException, IOException {
    for (int b : already) {
      headerCrc.update(b);
    }
    int b = nextOrTruncated();
    headerCrc.update(b);
    return b;
  }

  private void skipZeroTerminated(CRC32 headerCrc, String what)
      throws ArtefactException, IOException {
    for (int i = 0; i <= MAX_HEADER_STRING; i++) {
      if (headerByte(headerCrc) == 0) {
        return;
      }
    }
    throw corrupt(
        "artefact gzip header " + what + " is longer than " + MAX_HEADER_STRING + " bytes");
  }

  private void readTrailer() throws ArtefactException, IOException {
    long storedCrc = readLittleEndianInt();
    long storedSize = readLittleEndianInt();
    if (storedCrc != crc.getValue()) {
      String expected = String.format(Locale.ROOT, "%08x", storedCrc);
      String actual = String.format(Locale.ROOT, "%08x", crc.getValue());
      throw new ArtefactException(
          Reason.COMPRESSION,
          "artefact gzip CRC mismatch: trailer says "
              + expected
              + ", data has "
              + actual
              + " (the file is damaged or was modified)",
          expected,
          actual,
          null);
    }
    if (storedSize != (produced & 0xffffffffL)) {
      throw corrupt(
          "artefact gzip size mismatch: trailer says "
              + storedSize
              + " bytes, data has "
              + produced);
    }
    finished = true;
    int b = next();
    if (b >= 0) {
      long end = rawBytes - (lim - pos) - 1;
      int b2 = next();
      if (b == 0x1f && b2 == 0x8b) {
        throw corrupt("artefact has a second gzip member; an artefact is one gzip stream");
      }
      throw corrupt("artefact has trailing data after the gzip stream, which ends at byte " + end);
    }
  }

  private long readLittleEndianInt() throws ArtefactException, IOException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (long) nextOrTruncated() << (8 * i);
    }
    return v;
  }

  private int nextOrTruncated() throws ArtefactException, IOException {
    int b = next();
    if (b < 0) {
      throw truncated();
    }
    return b;
  }

  private int next() throws IOException {
    if (pos >= lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      pos = lim = 0;
      return false;
    }
    rawDigest.update(buf, 0, n);
    rawBytes += n;
    pos = 0;
    lim = n;
    return true;
  }

  private ArtefactException truncated() {
    return corrupt(
        "artefact is truncated: the gzip stream ends after " + rawBytes + " bytes, before its end");
  }

  private static ArtefactException corrupt(String message) {
    return new ArtefactException(Reason.COMPRESSION, message);
  }

  @Override
  public void close() {
    inflater.end();
  }
}
