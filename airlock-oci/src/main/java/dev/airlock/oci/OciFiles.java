package dev.airlock.oci;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Atomic file writes for the cache, downloads and credentials: temp file, fsync, rename. */
public final class OciFiles {
  private OciFiles() {}

  /**
   * A temporary file beside {@code target}, to be moved over it with {@link #commit}.
   *
   * @param target the final file
   * @return the temporary file (empty)
   * @throws IOException when the directory cannot be created or written
   */
  public static Path tempBeside(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
  }

  /**
   * Moves a finished temporary file over the target atomically, after syncing it.
   *
   * @param temp the temporary file
   * @param target the final file
   * @throws IOException when the move fails (the temporary file is removed)
   */
  public static void commit(Path temp, Path target) throws IOException {
    try {
      try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Renames a file that is already complete and synced over the target, atomically where the file
   * system can.
   *
   * @param from the finished file
   * @param target the final file
   * @throws IOException when the rename fails
   */
  public static void rename(Path from, Path target) throws IOException {
    try {
      Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Writes bytes atomically.
   *
   * @param target the file
   * @param bytes the content
   * @throws IOException when writing fails (the target is untouched)
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path temp = tempBeside(target);
    try {
      Files.write(temp, bytes);
      commit(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes bytes atomically (temporary file, then rename) without syncing: for files whose reader
   * checks them every time (the cache's entries, re-hashed plugin files), where a file a crash
   * leaves empty or torn is dropped rather than trusted, and an fsync would cost more than the
   * write (milliseconds each on a journaling file system).
   *
   * @param target the file
   * @param bytes the content
   * @throws IOException when writing fails (the target is untouched)
   */
  public static void writeChecked(Path target, byte[] bytes) throws IOException {
    Path temp = tempBeside(target);
    try {
      Files.write(temp, bytes);
      rename(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes bytes atomically into an owner-only file (rw-------), e.g. credentials.
   *
   * @param target the file
   * @param bytes the content
   * @throws IOException when writing fails
   */
  public static void writePrivate(Path target, byte[] bytes) throws IOException {
    Path temp = tempBeside(target);
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.write(temp, bytes);
      commit(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
