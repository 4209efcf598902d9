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
final class DiskCompileCache {
  // Looked up when something is logged, not when the class loads: initializing the logging
  // backend costs a cold start tens of milliseconds, and these are rare paths.
  private static System.Logger log() {
    return System.getLogger(DiskCompileCache.class.getName());
  }

  /** Names entries keyed by the wasm's SHA-256 (see {@link #removeOldEntries}). */
  static final String ENTRY_PREFIX = "wasm-";

  private final java.util.concurrent.FutureTask<Path> dir;

  private DiskCompileCache(java.util.concurrent.FutureTask<Path> dir) {
    this.dir = dir;
  }

  /**
   * Opens the cache under {@code root} on a thread of its own, so that finding Chicory's version
   * and checking the directory (a fifth of a cold start when done in line) overlap with reading the
   * first artefact; the first use of the cache waits for it.
   *
   * @param root the cache's root directory
   * @return the cache; when it cannot be used safely ({@link #usableDir}), it holds nothing and
   *     stores nothing
   */
  static DiskCompileCache open(Path root) {
    var task = new java.util.concurrent.FutureTask<>(() -> usableDir(root));
    Thread.ofPlatform().daemon().name("airlock-compile-cache-open").start(task);
    return new DiskCompileCache(task);
  }

  /** The directory in use, or {@code null} when the cache cannot be used. */
  private Path dir() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return dir.get();
        } catch (InterruptedException e) {
          interrupted = true; // the wait is short and bounded; keep the caller's interrupt
        } catch (java.util.concurrent.ExecutionException e) {
          log().log(Level.WARNING, "not using the compile cache: {0}", e.getCause().toString());
          return null;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The cache's directory under {@code root}, created owner-only. Cached entries are JVM bytecode
   * that the host will run, so a directory someone else could write to is a code-injection path:
   * then the cache is not used (a warning says why) and modules are compiled in memory.
   *
   * @return the directory, or {@code null} when it cannot be used safely
   */
  private static Path usableDir(Path root) {
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
      removeOldEntries(dir);
      return dir;
    } catch (IOException | UnsupportedOperationException e) {
      log().log(Level.WARNING, "not using the compile cache {0}: {1}", dir, e.toString());
      return null;
    }
  }

  /**
   * Removes entries that earlier Airlock builds named by Chicory's own key (a bare hex name): no
   * lookup finds them any more. Entries are named {@link #ENTRY_PREFIX} + hex now.
   */
  private static void removeOldEntries(Path dir) throws IOException {
    try (var files = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!name.startsWith(ENTRY_PREFIX) && name.matches("[0-9a-f]{64}\\.jar")) {
          Files.deleteIfExists(f);
        }
      }
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

  /** The entry's file, or {@code null} when the cache cannot be used. */
  private Path file(String wasmSha256) {
    Path d = dir();
    if (d == null) {
      return null;
    }
    // The key comes from a manifest; its SHA-256 in hex is a safe file name whatever it holds.
    return d.resolve(
        ENTRY_PREFIX
            + dev.airlock.internal.Digests.sha256Hex(
                wasmSha256.getBytes(java.nio.charset.StandardCharsets.UTF_8))
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

  /**
   * The entry for a module.
   *
   * @param wasmSha256 the module's SHA-256
   * @return the classes Chicory compiled from it, as Chicory stores them; {@code null} when none
   */
  byte[] get(String wasmSha256) {
    Path f = file(wasmSha256);
    if (f == null) {
      return null;
    }
    try {
      byte[] entry = Files.readAllBytes(f);
      hits.increment();
      return entry;
    } catch (NoSuchFileException e) {
      misses.increment();
      return null;
    } catch (IOException e) {
      log().log(Level.WARNING, "cannot read compile cache entry {0}: {1}", f, e);
      return null;
    }
  }

  /**
   * Where Chicory's compiler stores what it compiles from one module: under that module's SHA-256
   * (Chicory's own key is a digest it computes again while parsing), and never read through it,
   * because {@link CachedMachines} loads entries.
   *
   * @param wasmSha256 the module's SHA-256
   * @return a write-only Chicory cache
   */
  Cache writerFor(String wasmSha256) {
    return new Cache() {
      @Override
      public byte[] get(String chicoryKey) {
        return null;
      }

      @Override
      public void putIfAbsent(String chicoryKey, byte[] data) {
        put(wasmSha256, data);
      }
    };
  }

  private void put(String wasmSha256, byte[] data) {
    Path f = file(wasmSha256);
    if (f == null || Files.exists(f)) {
      return;
    }
    try {
      AtomicFiles.write(f, data);
    } catch (IOException e) {
      log().log(Level.WARNING, "cannot write compile cache entry {0}: {1}", f, e);
    }
  }

  /** Removes an entry that failed to load, so the next load compiles afresh. */
  void evict(String wasmSha256) {
    Path f = file(wasmSha256);
    if (f == null) {
      return;
    }
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      log().log(Level.WARNING, "cannot remove compile cache entry {0}: {1}", f, e);
    }
  }
}
