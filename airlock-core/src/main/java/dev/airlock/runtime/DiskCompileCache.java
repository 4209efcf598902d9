package dev.airlock.runtime;

import com.dylibso.chicory.compiler.Cache;
import dev.airlock.internal.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Chicory's compiled classes on disk, so a known plugin loads without compiling in a fresh JVM.
 * Entries live under {@code <root>/chicory-<version>/<digest>.jar}: a Chicory upgrade never reads
 * another version's classes. Writes are atomic; a corrupt or unreadable entry is ignored (the
 * module is compiled again), never fatal.
 */
final class DiskCompileCache implements Cache {
  // Looked up when something is logged, not when the class loads: initializing the logging
  // backend costs a cold start tens of milliseconds, and these are rare paths.
  private static System.Logger log() {
    return System.getLogger(DiskCompileCache.class.getName());
  }

  private final Path dir;

  private DiskCompileCache(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens the cache under {@code root}, creating it owner-only. Cached entries are JVM bytecode
   * that the host will run, so a directory someone else could write to is a code-injection path:
   * then the cache is not used (a warning says why) and modules are compiled in memory.
   *
   * @return the cache, or {@code null} when it cannot be used safely
   */
  static DiskCompileCache open(Path root) {
    Path dir = root.resolve("chicory-" + chicoryVersion());
    try {
      java.nio.file.attribute.FileAttribute<?> ownerOnly =
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(dir, ownerOnly);
      for (Path p = dir; p != null && !p.equals(root.getParent()); p = p.getParent()) {
        if (!Files.exists(p)) {
          break;
        }
        var perms = Files.getPosixFilePermissions(p);
        if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
            || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)
            || !Files.getOwner(p).getName().equals(System.getProperty("user.name"))) {
          log()
              .log(
                  Level.WARNING,
                  "not using the compile cache {0}: {1} is writable by others or"
                      + " not owned by this user",
                  dir,
                  p);
          return null;
        }
      }
      return new DiskCompileCache(dir);
    } catch (IOException | UnsupportedOperationException e) {
      log().log(Level.WARNING, "not using the compile cache {0}: {1}", dir, e.toString());
      return null;
    }
  }

  /** The Chicory version on the class path, from its Maven metadata. */
  static String chicoryVersion() {
    try (var in =
        com.dylibso.chicory.runtime.Instance.class.getResourceAsStream(
            "/META-INF/maven/com.dylibso.chicory/runtime/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version", "unknown").replaceAll("[^A-Za-z0-9.\\-]", "_");
      }
    } catch (IOException e) {
      log().log(Level.DEBUG, "cannot read the Chicory version: {0}", e);
    }
    return "unknown";
  }

  private Path file(String key) {
    // The key is Chicory's "algorithm:digest" (the digest may be base64, which is case
    // sensitive); its SHA-256 in hex is a safe, collision-free file name.
    return dir.resolve(
        dev.airlock.internal.Digests.sha256Hex(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + ".jar");
  }

  private final java.util.concurrent.atomic.LongAdder hits =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder misses =
      new java.util.concurrent.atomic.LongAdder();

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  @Override
  public byte[] get(String key) {
    try {
      byte[] entry = Files.readAllBytes(file(key));
      hits.increment();
      return entry;
    } catch (NoSuchFileException e) {
      misses.increment();
      return null;
    } catch (IOException e) {
      log().log(Level.WARNING, "cannot read compile cache entry {0}: {1}", file(key), e);
      return null;
    }
  }

  @Override
  public void putIfAbsent(String key, byte[] data) {
    Path f = file(key);
    if (Files.exists(f)) {
      return;
    }
    try {
      AtomicFiles.write(f, data);
    } catch (IOException e) {
      log().log(Level.WARNING, "cannot write compile cache entry {0}: {1}", f, e);
    }
  }

  /** Removes an entry that failed to load, so the next load compiles afresh. */
  void evict(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException e) {
      log().log(Level.WARNING, "cannot remove compile cache entry {0}: {1}", file(key), e);
    }
  }
}
