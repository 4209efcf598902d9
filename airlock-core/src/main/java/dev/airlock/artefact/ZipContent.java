package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates zip entries from memory with {@link Inflater} (raw deflate), never producing more than
 * an entry declares: output goes into an array of exactly the declared size, and one byte more is
 * an error, so a lying size field cannot make the reader allocate or inflate without bound. The
 * deflate stream must end exactly where the entry's data ends, and the CRC-32 must match.
 */
final class ZipContent {
  private static final int SCRATCH = 64 * 1024;

  private final byte[] zip;
  private final long[] dataStart;

  ZipContent(byte[] zip, long[] dataStart) {
    this.zip = zip;
    this.dataStart = dataStart;
  }

  /** The entry's content, checked. The caller has checked its declared size against a cap. */
  byte[] read(ZipRecord r) throws ArtefactException {
    byte[] out = new byte[Math.toIntExact(r.size())];
    inflate(r, out);
    return out;
  }

  /** Checks the entry's data (inflates to its declared size, CRC) without keeping it. */
  void verify(ZipRecord r) throws ArtefactException {
    inflate(r, null);
  }

  private void inflate(ZipRecord r, byte[] target) throws ArtefactException {
    int start = (int) dataStart[r.index()];
    int length = (int) r.compressedSize();
    CRC32 crc = new CRC32();
    if (r.method() == ZipRecord.STORED) {
      crc.update(zip, start, length);
      if (target != null) {
        System.arraycopy(zip, start, target, 0, length);
      }
    } else {
      Inflater inflater = new Inflater(true);
      try {
        inflater.setInput(zip, start, length);
        long produced = inflate(inflater, r, target, crc);
        if (produced != r.size()) {
          throw corrupt(
              "zip entry "
                  + Text.quote(r.name())
                  + " inflates to "
                  + produced
                  + " bytes but its headers declare "
                  + r.size());
        }
        if (inflater.getRemaining() > 0) {
          throw corrupt(
              "zip entry "
                  + Text.quote(r.name())
                  + " has "
                  + inflater.getRemaining()
                  + " bytes after the end of its deflate stream");
        }
      } finally {
        inflater.end();
      }
    }
    if (crc.getValue() != r.crc()) {
      String expected = String.format(Locale.ROOT, "%08x", r.crc());
      String actual = String.format(Locale.ROOT, "%08x", crc.getValue());
      throw new ArtefactException(
          Reason.COMPRESSION,
          "zip entry "
              + Text.quote(r.name())
              + " CRC mismatch: headers say "
              + expected
              + ", data has "
              + actual
              + " (the file is damaged or was modified)",
          expected,
          actual,
          null);
    }
  }

  private static long inflate(Inflater inflater, ZipRecord r, byte[] target, CRC32 crc)
      throws ArtefactException {
    byte[] scratch = new byte[target == null ? (int) Math.min(SCRATCH, r.size() + 1) : 1];
    long produced = 0;
    while (true) {
      byte[] buf;
      int off;
      int len;
      if (target != null && produced < target.length) {
        buf = target;
        off = (int) produced;
        len = target.length - off;
      } else {
        buf = scratch;
        off = 0;
        len = (int) Math.min(scratch.length, r.size() - produced + 1);
      }
      int n;
      try {
        n = inflater.inflate(buf, off, len);
      } catch (DataFormatException e) {
        throw corrupt(
            "zip entry "
                + Text.quote(r.name())
                + " has corrupt deflate data ("
                + e.getMessage()
                + ")");
      }
      if (n > 0) {
        crc.update(buf, off, n);
        produced += n;
        if (produced > r.size()) {
          throw new ArtefactException(
              Reason.TOO_LARGE,
              "zip entry "
                  + Text.quote(r.name())
                  + " inflates to more than the "
                  + r.size()
                  + " bytes its headers declare (a zip bomb or a damaged file)",
              String.valueOf(r.size()),
              "more",
              null);
        }
      } else if (inflater.finished()) {
        return produced;
      } else if (inflater.needsDictionary()) {
        throw corrupt("zip entry " + Text.quote(r.name()) + " needs a preset deflate dictionary");
      } else {
        // needsInput(), or no progress at all: the stream stops before its end.
        throw corrupt(
            "zip entry "
                + Text.quote(r.name())
                + " has a deflate stream that ends early (the file is truncated or damaged)");
      }
    }
  }

  private static ArtefactException corrupt(String message) {
    return new ArtefactException(Reason.COMPRESSION, message);
  }
}
