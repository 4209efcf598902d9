package dev.airlock.server;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.host.HostException;
import dev.airlock.host.PluginHost;
import dev.airlock.host.PluginInfo;
import dev.airlock.host.PluginStatus;
import dev.airlock.trust.VerifiedArtefact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Every change to the set of plugins: install, update, delete, enable, disable, configure. Each
 * runs under its plugin's lock (so operations on one plugin are serialized, while others proceed),
 * checks {@code If-Match}, writes the database, then changes the running host before answering.
 */
final class Lifecycle {
  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());
  private static final long LOCK_WAIT_SECONDS = 30;

  private final PluginHost host;
  private final Database db;
  private final BlobStore blobs;
  private final PluginDirectory directory;
  private final Verification verification;
  private final ServerMetrics metrics;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Janitor janitor;

  Lifecycle(
      PluginHost host,
      Database db,
      BlobStore blobs,
      PluginDirectory directory,
      Verification verification,
      ServerMetrics metrics) {
    this.metrics = metrics;
    this.host = host;
    this.db = db;
    this.blobs = blobs;
    this.directory = directory;
    this.verification = verification;
    this.janitor = new Janitor(db, blobs, directory);
  }

  /** Repairs what an unclean stop left (at start, before the host loads anything). */
  List<String> reconcile() throws IOException {
    return janitor.reconcile();
  }

  /** Runs an operation holding the plugin's lock; 409 when it stays busy. */
  <T> T locked(String id, Supplier<T> op) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock(true));
    try {
      if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw ApiException.conflict(
            "another operation on plugin '" + id + "' has run for over 30 s; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted", "the server is stopping");
    }
    try {
      return op.get();
    } finally {
      lock.unlock();
    }
  }

  PluginRecords.Installed record(String id) {
    return db.transaction(c -> PluginRecords.find(c, id))
        .orElseThrow(() -> ApiException.notFound("no plugin '" + id + "' is installed"));
  }

  /** The entity tag of a plugin's current state: version, content, status and configuration. */
  String etag(PluginRecords.Installed r) {
    Optional<PluginInfo> info = host.plugin(r.id());
    String state =
        r.version()
            + "|"
            + r.blobDigest()
            + "|"
            + r.updatedAt()
            + "|"
            + info.map(i -> i.status().name()).orElse("-")
            + "|"
            + info.map(i -> new java.util.TreeMap<>(i.config()).toString()).orElse("");
    return "\"" + java.util.HexFormat.of().formatHex(Tokens.hash(state), 0, 10) + "\"";
  }

  private void checkIfMatch(PluginRecords.Installed r, String ifMatch) {
    if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag(r))) {
      throw new ApiException(
          412,
          "precondition_failed",
          "plugin '"
              + r.id()
              + "' changed since you read it (If-Match "
              + ifMatch
              + ", now "
              + etag(r)
              + "); read it again and retry",
          Map.of("etag", etag(r)));
    }
  }

  /** Installs a new plugin; it starts disabled. */
  String install(Staged staged) {
    VerifiedArtefact va = verification.verify(staged);
    String id = va.artefact().manifest().name();
    return locked(
        id,
        () -> {
          Optional<PluginRecords.Installed> existing =
              db.transaction(c -> PluginRecords.find(c, id));
          if (existing.isPresent()) {
            throw ApiException.conflict(
                "plugin '"
                    + id
                    + "' is installed already (version "
                    + existing.get().version()
                    + "); update it with PUT /api/v1/plugins/"
                    + id);
          }
          commit(id, staged, va, null);
          try {
            host.disable(id); // an operator enables it (Artifact Keeper's rule)
          } catch (HostException e) {
            throw new IllegalStateException(e);
          }
          return id;
        });
  }

  /** Replaces a plugin's version; an older one only with {@code allowDowngrade}. */
  String update(String id, Staged staged, boolean allowDowngrade, String ifMatch) {
    VerifiedArtefact va = verification.verify(staged);
    Manifest m = va.artefact().manifest();
    if (!m.name().equals(id)) {
      throw ApiException.unprocessable(
          "wrong_plugin",
          "the upload holds plugin '" + m.name() + "', not '" + id + "'; nothing was changed");
    }
    return locked(
        id,
        () -> {
          PluginRecords.Installed before = record(id);
          checkIfMatch(before, ifMatch);
          SemanticVersion now = SemanticVersion.parse(before.version());
          if (m.version().compareTo(now) < 0 && !allowDowngrade) {
            throw new ApiException(
                409,
                "downgrade_refused",
                "rollback refused: plugin '"
                    + id
                    + "' runs version "
                    + now
                    + " and the upload holds older "
                    + m.version()
                    + "; add ?allow_downgrade=true to accept it",
                Map.of("current", now.toString(), "offered", m.version().toString()));
          }
          commit(id, staged, va, before);
          return id;
        });
  }

  /** Stores, records, places and loads a verified plugin; undoes everything when it fails. */
  private void commit(
      String id, Staged staged, VerifiedArtefact va, PluginRecords.Installed before) {
    Artefact a = va.artefact();
    String format = Verification.format(staged);
    BlobStore.Put file;
    BlobStore.Put sig = null;
    BlobStore.Put sidecar = null;
    try {
      file = blobs.put(staged.file());
      metrics.blobStored(file.existed());
      if (staged.signature() != null) {
        sig = blobs.put(staged.signature());
      }
      if (staged.sidecar() != null) {
        sidecar = blobs.put(staged.sidecar());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long now = System.currentTimeMillis();
    PluginRecords.Installed next =
        new PluginRecords.Installed(
            id,
            a.manifest().version().toString(),
            id + "." + format,
            file.digest(),
            sig == null ? null : sig.digest(),
            sidecar == null ? null : id + Verification.sidecarExtension(staged.sidecar()),
            sidecar == null ? null : sidecar.digest(),
            staged.source(),
            before == null ? now : before.installedAt(),
            now);
    try {
      db.transaction(
          c -> {
            PluginRecords.put(c, next);
            return null;
          });
    } catch (ApiException e) {
      janitor.dropUnreferenced(next);
      throw e;
    }
    try {
      directory.place(next, before);
    } catch (IOException e) {
      undo(next, before);
      throw new UncheckedIOException(e);
    }
    host.rescan();
    PluginInfo info = host.plugin(id).orElse(null);
    boolean loaded =
        info != null
            && info.failure().isEmpty()
            && info.status() != PluginStatus.FAILED
            && info.version().equals(Optional.of(next.version()));
    if (!loaded) {
      String reason =
          info == null ? "the host did not load it" : info.failure().orElse("the host kept it");
      undo(next, before);
      throw new ApiException(
          422, "load_failed", reason, Map.of("plugin", id, "version", next.version()));
    }
    if (before != null) {
      janitor.dropUnreferenced(before);
    }
  }

  private void undo(PluginRecords.Installed next, PluginRecords.Installed before) {
    try {
      db.transaction(
          c -> {
            if (before != null) {
              PluginRecords.put(c, before);
            } else {
              PluginRecords.delete(c, next.id());
              PluginRecords.deleteHistory(c, next.id());
            }
            return null;
          });
      if (before != null) {
        directory.place(before, next);
      } else {
        directory.remove(next);
      }
      host.rescan();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot undo the install of " + next.id(), e);
    }
    janitor.dropUnreferenced(next);
  }

  void delete(String id, String ifMatch) {
    locked(
        id,
        () -> {
          PluginRecords.Installed r = record(id);
          checkIfMatch(r, ifMatch);
          db.transaction(
              c -> {
                PluginRecords.delete(c, id);
                PluginRecords.deleteHistory(c, id);
                DbStateStore.delete(c, id);
                return null;
              });
          try {
            directory.remove(r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          host.rescan(); // unloads it once its calls in flight finish
          try {
            host.forget(id); // a later install of this name starts afresh
          } catch (HostException e) {
            throw HostErrors.map(e);
          }
          janitor.dropUnreferenced(r);
          return null;
        });
  }

  void enable(String id, boolean on, String ifMatch) {
    locked(
        id,
        () -> {
          PluginRecords.Installed r = record(id); // also fails clearly when the database is down
          checkIfMatch(r, ifMatch);
          try {
            if (on) {
              host.enable(id);
            } else {
              host.disable(id);
            }
          } catch (HostException e) {
            throw HostErrors.map(e);
          }
          return null;
        });
  }

  void configure(String id, Map<String, String> config, String ifMatch) {
    locked(
        id,
        () -> {
          PluginRecords.Installed r = record(id);
          checkIfMatch(r, ifMatch);
          try {
            host.configure(id, config);
          } catch (HostException e) {
            throw HostErrors.map(e);
          }
          return null;
        });
  }
}
