package dev.airlock.server;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The plugins directory the host loads from, written only by the server: each installed plugin's
 * current blob copied in under its file name (and its signature and sidecar manifest). Copies are
 * written to a dotfile the host ignores and renamed into place, with a fresh modification time so
 * the host sees the change even when an older blob comes back.
 */
final class PluginDirectory {
  private final Path dir;
  private final BlobStore blobs;

  PluginDirectory(Path dir, BlobStore blobs) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.blobs = blobs;
  }

  Path dir() {
    return dir;
  }

  /**
   * Puts a record's files in place, replacing what was there, and drops a previous file name. As
   * the catalog does: a stale sidecar manifest goes first (the new module must never be read with
   * the old one), then the sidecars are written, the module last.
   */
  void place(PluginRecords.Installed now, PluginRecords.Installed before) throws IOException {
    if (before != null
        && before.sidecarFileName().isPresent()
        && !before.sidecarFileName().equals(now.sidecarFileName())) {
      Files.deleteIfExists(dir.resolve(before.sidecarFileName().get()));
    }
    if (now.signatureDigest() != null) {
      copy(now.signatureDigest(), now.signatureFileName().orElseThrow());
    }
    if (now.sidecarDigest() != null) {
      copy(now.sidecarDigest(), now.sidecarFileName().orElseThrow());
    }
    copy(now.blobDigest(), now.fileName());
    if (before != null) {
      if (!before.fileName().equals(now.fileName())) {
        Files.deleteIfExists(dir.resolve(before.fileName()));
      }
      if (before.signatureFileName().isPresent()
          && !before.signatureFileName().equals(now.signatureFileName())) {
        Files.deleteIfExists(dir.resolve(before.signatureFileName().get()));
      }
    }
  }

  /** Removes a record's files: the module first, so it is never seen without its sidecars. */
  void remove(PluginRecords.Installed p) throws IOException {
    Files.deleteIfExists(dir.resolve(p.fileName()));
    if (p.signatureFileName().isPresent()) {
      Files.deleteIfExists(dir.resolve(p.signatureFileName().get()));
    }
    if (p.sidecarFileName().isPresent()) {
      Files.deleteIfExists(dir.resolve(p.sidecarFileName().get()));
    }
  }

  private void copy(String digest, String name) throws IOException {
    Path target = dir.resolve(name);
    Path tmp = dir.resolve("." + name + ".part");
    Files.copy(blobs.path(digest), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(tmp, FileTime.fromMillis(System.currentTimeMillis()));
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Makes the directory hold exactly the installed plugins' current files (after a crash or a hand
   * edit): missing or different files are copied from their blobs, everything else goes.
   *
   * @return a line per change made, for the log
   */
  List<String> reconcile(List<PluginRecords.Installed> installed) throws IOException {
    List<String> changes = new java.util.ArrayList<>();
    Set<String> owned = new HashSet<>();
    for (PluginRecords.Installed p : installed) {
      owned.add(p.fileName());
      p.signatureFileName().ifPresent(owned::add);
      p.sidecarFileName().ifPresent(owned::add);
      if (!sameContent(p.fileName(), p.blobDigest())
          || p.signatureFileName().isPresent()
              && !sameContent(p.signatureFileName().get(), p.signatureDigest())
          || p.sidecarFileName().isPresent()
              && !sameContent(p.sidecarFileName().get(), p.sidecarDigest())) {
        place(p, null);
        changes.add("restored " + p.fileName() + " (" + p.id() + " " + p.version() + ")");
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (!owned.contains(n) && Files.isRegularFile(f)) {
          Files.delete(f);
          changes.add("removed " + n + " (no installed plugin owns it)");
        }
      }
    }
    return changes;
  }

  private boolean sameContent(String name, String digest) throws IOException {
    Path f = dir.resolve(name);
    return Files.isRegularFile(f) && BlobStore.sha256(f).equals(digest);
  }
}
