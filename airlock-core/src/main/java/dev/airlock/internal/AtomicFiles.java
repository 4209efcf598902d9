package dev.airlock.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes files so that a reader sees either the old content or the whole new content, never a part:
 * a temporary file in the same directory, fsync, atomic rename, fsync of the directory.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes content to an output stream; may throw {@link IOException}. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the content.
     *
     * @param out the stream to write to
     * @throws IOException when writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code bytes} to {@code target} atomically.
   *
   * @param target the file to create or replace
   * @param bytes the full content
   * @throws IOException when the write or rename fails; the target is then unchanged
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, null, out -> out.write(bytes));
  }

  /**
   * Writes {@code target} atomically with the content produced by {@code writer}.
   *
   * @param target the file to create or replace
   * @param permissions POSIX permissions for the new file, or {@code null} to keep those of the
   *     file replaced (rw-r--r-- for a new file)
   * @param writer produces the content
   * @throws IOException when writing fails; the temporary file is removed and the target is
   *     unchanged
   */
  public static void write(Path target, Set<PosixFilePermission> permissions, Writer writer)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      setPermissions(tmp, permissions != null ? permissions : defaultPermissions(absolute));
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        BufferedOutputStream out =
            new BufferedOutputStream(Streams.nonClosing(Channels.newOutputStream(channel)));
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(tmp, absolute);
      syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
    }
  }

  /**
   * Temporary files are created owner-only; the new file keeps the permissions of the file it
   * replaces, or gets rw-r--r-- when it is new.
   */
  private static Set<PosixFilePermission> defaultPermissions(Path target) {
    try {
      return Files.getPosixFilePermissions(target);
    } catch (IOException | UnsupportedOperationException e) {
      return java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
    }
  }

  private static void setPermissions(Path file, Set<PosixFilePermission> permissions)
      throws IOException {
    try {
      Files.setPosixFilePermissions(file, permissions);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the platform's default protection applies.
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the rename itself already happened.
    }
  }
}
