package dev.airlock.server;

import dev.airlock.AirlockException;
import dev.airlock.artefact.ArtefactException;
import dev.airlock.catalog.CatalogException;
import dev.airlock.catalog.Fetcher;
import dev.airlock.catalog.InstallReport;
import dev.airlock.catalog.Installer;
import dev.airlock.catalog.Source;
import dev.airlock.trust.TrustRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fetches a catalog source (registry, git, url) with the catalog's {@link Installer}: its fetcher,
 * the index's sha256, its signed-index checks (signature, expiry, and rollback against the index
 * versions seen before, remembered in {@code DATA/catalog}), and its name/version agreement checks.
 * The installer places into {@code DATA/catalog}, never into the host's plugins directory; the
 * plugin, its signature and a bare module's sidecar manifest are then moved into the request's
 * staging directory, where the server verifies them as it verifies an upload. The installer checks
 * no artefact signature itself (the server does), and never refuses a downgrade (the server does,
 * with {@code ?allow_downgrade}). Downloads without a size in the index are capped like uploads
 * ({@code --max-upload}).
 */
final class CatalogFetch {
  private final Installer installer;
  private final Path work;

  /** The sidecar manifest extensions core's reader looks for beside a bare module. */
  static final java.util.List<String> SIDECARS =
      java.util.List.of(".json", ".yaml", ".yml", ".toml");

  private final ReentrantLock lock = new ReentrantLock(true);

  CatalogFetch(
      Fetcher fetcher,
      TrustRoot indexTrustRoot,
      boolean allowUnsignedIndex,
      long maxBytes,
      Path work) {
    this.installer =
        Installer.builder()
            .fetcher(fetcher)
            .maxBytes(maxBytes)
            .indexTrustRoot(indexTrustRoot)
            .allowUnsignedIndex(allowUnsignedIndex)
            .allowDowngrade(true)
            .build();
    this.work = work;
  }

  /**
   * Fetches {@code source} into {@code staging}.
   *
   * @param kind the request's source, for messages
   * @return the staged plugin and its signature
   * @throws ApiException 422 when the catalog refuses; nothing is staged or stored then
   */
  Staged fetch(String kind, Source source, Path staging) {
    lock.lock();
    try {
      InstallReport r = installer.install(source, work);
      Path plugin = r.plugin();
      Path file = Files.move(plugin, staging.resolve(plugin.getFileName().toString()));
      String stem = stem(file);
      Path signature = null;
      Path sidecar = null;
      for (Path p : r.files()) {
        String name = p.getFileName().toString();
        if (p.equals(plugin)) {
          continue;
        }
        if (name.endsWith(".sig")) {
          signature = Files.move(p, staging.resolve("fetched.sig"));
        } else if (stem != null && SIDECARS.contains(extension(name))) {
          // beside the module under its stem, where the reader (here and in the host) finds it
          sidecar = Files.move(p, staging.resolve(stem + extension(name)));
        }
      }
      return new Staged(file, signature, sidecar, label(kind + ":" + r.source()));
    } catch (CatalogException e) {
      throw refused(kind, e.reason().name().toLowerCase(java.util.Locale.ROOT), e);
    } catch (ArtefactException e) {
      throw refused(kind, "bad_artefact", e);
    } catch (IOException e) {
      throw new ApiException(
          422,
          "source_refused",
          e.getMessage(),
          Map.of("source", kind, "reason", "io", "kind", e.getClass().getSimpleName()));
    } finally {
      try {
        clear();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Removes what the installer placed and the server did not take. */
  private void clear() {
    if (!Files.isDirectory(work)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(work)) {
      for (Path p : files) {
        if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bare module's stem ({@code name.wasm} → {@code name}), or null for an archive. */
  private static String stem(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".wasm") ? n.substring(0, n.length() - ".wasm".length()) : null;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot);
  }

  static ApiException refused(String kind, String reason, AirlockException e) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("source", kind);
    details.put("reason", reason);
    e.expected().ifPresent(v -> details.put("expected", v));
    e.actual().ifPresent(v -> details.put("actual", v));
    return new ApiException(422, "source_refused", e.getMessage(), details);
  }

  private static String label(String s) {
    return s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
  }
}
