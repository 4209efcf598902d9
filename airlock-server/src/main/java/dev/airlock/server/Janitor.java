package dev.airlock.server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the blob store and the plugins directory in line with the database: drops blobs no
 * installed plugin uses, and at start repairs what a crash left (restores files, deletes strays and
 * orphans, drops records whose blob is gone).
 */
final class Janitor {
  private static final System.Logger LOG = System.getLogger(Janitor.class.getName());

  private final Database db;
  private final BlobStore blobs;
  private final PluginDirectory directory;

  Janitor(Database db, BlobStore blobs, PluginDirectory directory) {
    this.db = db;
    this.blobs = blobs;
    this.directory = directory;
  }

  /** Deletes a record's blobs unless another installed plugin still uses them. */
  void dropUnreferenced(PluginRecords.Installed gone) {
    try {
      Set<String> used = new HashSet<>();
      for (PluginRecords.Installed p : db.transaction(PluginRecords::all)) {
        used.addAll(p.digests());
      }
      for (String d : gone.digests()) {
        if (!used.contains(d)) {
          Files.deleteIfExists(blobs.path(d));
        }
      }
    } catch (IOException | RuntimeException e) {
      // an orphan blob is removed at the next start
      LOG.log(System.Logger.Level.WARNING, "cannot drop the blobs of " + gone.id(), e);
    }
  }

  /** Brings blobs and the plugins directory in line with the database (at start). */
  List<String> reconcile() throws IOException {
    List<PluginRecords.Installed> all = db.transaction(PluginRecords::all);
    List<PluginRecords.Installed> whole = new java.util.ArrayList<>();
    List<String> changes = new java.util.ArrayList<>();
    for (PluginRecords.Installed p : all) {
      if (p.digests().stream().allMatch(blobs::contains)) {
        whole.add(p);
      } else {
        changes.add("dropped " + p.id() + ": its stored file is missing");
        db.transaction(
            c -> {
              PluginRecords.delete(c, p.id());
              return null;
            });
      }
    }
    changes.addAll(directory.reconcile(whole));
    Set<String> needed = new HashSet<>();
    for (PluginRecords.Installed p : whole) {
      needed.addAll(p.digests());
    }
    for (String d : blobs.retainOnly(needed)) {
      changes.add("deleted unreferenced blob " + d);
    }
    return changes;
  }
}
