package dev.airlock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Gzip helpers for tests, including ways to damage a gzip stream. */
public final class Gzip {
  private Gzip() {}

  /** Compresses {@code data} as one gzip member with the JDK's own writer. */
  public static byte[] compress(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The same stream with its CRC32 trailer field changed. */
  public static byte[] withBadCrc(byte[] gzip) {
    byte[] copy = gzip.clone();
    copy[copy.length - 8] ^= 0x01;
    return copy;
  }

  /** The first {@code length} bytes. */
  public static byte[] truncate(byte[] gzip, int length) {
    return Arrays.copyOf(gzip, length);
  }

  /** {@code a} followed by {@code b}. */
  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
