package dev.airlock.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hidden staging directory inside the plugins directory (same file system, so a rename from it is
 * atomic; its name starts with a dot, so the host's watcher ignores it), held under an exclusive
 * lock so installs into one directory run one at a time. Leftovers of an install that was killed
 * are removed when the next one starts.
 */
final class Staging implements AutoCloseable {
  static final String PREFIX = ".airlock-staging-";
  static final String LOCK = ".airlock-install.lock";

  private final Path pluginsDir;
  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private Staging(Path pluginsDir, Path dir, FileChannel lockChannel, FileLock lock) {
    this.pluginsDir = pluginsDir;
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  static Staging open(Path pluginsDir) throws IOException {
    Files.createDirectories(pluginsDir);
    FileChannel ch =
        FileChannel.open(
            pluginsDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.lock();
      removeLeftovers(pluginsDir);
      String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
      Path dir = Files.createDirectory(pluginsDir.resolve(PREFIX + id));
      return new Staging(pluginsDir, dir, ch, lock);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Removes staging directories and temporary files an interrupted install left behind. */
  static void removeLeftovers(Path pluginsDir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(pluginsDir, PREFIX + "*")) {
      for (Path p : s) {
        deleteTree(p);
      }
    }
  }

  Path dir() {
    return dir;
  }

  Path pluginsDir() {
    return pluginsDir;
  }

  /** Forces a staged file to disk and renames it over {@code pluginsDir/finalName}. */
  Path place(Path staged, String finalName) throws IOException {
    try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Path target = pluginsDir.resolve(finalName);
    AtomicWrite.move(staged, target);
    return target;
  }

  @Override
  public void close() throws IOException {
    try {
      deleteTree(dir);
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
