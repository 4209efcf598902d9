package dev.airlock.oci;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Re-checks a cache file against its digest, the check every cache read makes. */
final class CacheFiles {
  private static final ThreadLocal<ByteBuffer> READ_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));

  private CacheFiles() {}

  /**
   * Hashes a file, copying it to {@code copy} as it goes: one read into a 256 KiB direct buffer
   * (kept per thread) that is hashed and written from where the kernel put it, so the time is
   * SHA-256's (docs/benchmarks.md has this machine's floor beside it).
   */
  static boolean intact(Path file, Digest d, WritableByteChannel copy) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    MessageDigest md = d.newEngine();
    ByteBuffer buf = READ_BUFFER.get();
    try (FileChannel c = FileChannel.open(file)) {
      while (c.read(buf.clear()) > 0) {
        buf.flip();
        if (copy != null) {
          ByteBuffer out = buf.duplicate();
          while (out.hasRemaining()) {
            copy.write(out);
          }
        }
        md.update(buf);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
    if (d.matches(md.digest())) {
      return true;
    }
    Files.deleteIfExists(file); // damaged: never served
    return false;
  }
}
